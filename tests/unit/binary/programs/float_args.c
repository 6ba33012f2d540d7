/* Floating-point arguments for the front ends' tests: the score a source
 * writes into a double travels to make_number in a vector register (xmm0 on
 * SysV x86-64, xmm1 on Windows x64, d0 on AArch64), while the integer
 * arguments around it keep their own registers. Only compiled and analysed,
 * never run. */
#ifdef _WIN32
#define EXPORT __declspec(dllimport)
#else
#define EXPORT
#endif

EXPORT void get_score(double* out);
EXPORT void* make_number(int tag, double value, const char* name);
EXPORT void send_node(void* node);

void report_score(void) {
  double score;
  get_score(&score);
  send_node(make_number(7, score, "score"));
}

int main(void) {
  report_score();
  return 0;
}
