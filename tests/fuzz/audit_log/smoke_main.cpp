// A driver for LLVMFuzzerTestOneInput without libFuzzer (gcc builds, CI):
// every file given (the seed corpus), then `rounds` deterministic mutations
// of them (byte flips, inserted JSON punctuation and escapes, cut lines,
// duplicated and spliced lines). A crash or sanitizer report fails the test.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(std::string s, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  static const char* const kPieces[] = {"\"",
                                        "\\",
                                        "\\u0000",
                                        "\\ud800",
                                        "{",
                                        "}",
                                        "[",
                                        "]",
                                        ",",
                                        ":",
                                        "\n",
                                        "null",
                                        "-1",
                                        "1e999",
                                        "65536",
                                        "\xff",
                                        "\"port\":",
                                        "\"pid\":",
                                        "\"event\":\"connect\"",
                                        "99999999999999999999"};
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < edits; ++i) {
    const std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:
        if (!s.empty() && at < s.size()) s[at] = static_cast<char>(rng());
        break;
      case 1:
        s.insert(at, kPieces[rng() % std::size(kPieces)]);
        break;
      case 2:
        if (at < s.size()) s.erase(at, 1 + rng() % 16);
        break;
      case 3:
        s.resize(at);
        break;
      case 4: {
        const std::string& other = seeds[rng() % seeds.size()];
        s.insert(at, other.substr(0, other.size() ? rng() % other.size() : 0));
        break;
      }
      default:
        s += s.substr(0, at);
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  long rounds = 20000;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--rounds=", 0) == 0) {
      rounds = std::strtol(arg.c_str() + 9, nullptr, 10);
      continue;
    }
    std::FILE* in = std::fopen(arg.c_str(), "rb");
    if (in == nullptr) {
      std::fprintf(stderr, "cannot read %s\n", arg.c_str());
      return 2;
    }
    std::string seed;
    char chunk[4096];
    for (std::size_t n; (n = std::fread(chunk, 1, sizeof(chunk), in)) > 0;) seed.append(chunk, n);
    std::fclose(in);
    seeds.push_back(std::move(seed));
  }
  if (seeds.empty()) seeds.emplace_back();
  for (const auto& seed : seeds) run(seed);
  std::mt19937_64 rng(20261205);
  for (long i = 0; i < rounds; ++i) run(mutate(seeds[rng() % seeds.size()], seeds, rng));
  std::printf("%zu seeds, %ld mutations: no crash\n", seeds.size(), rounds);
  return 0;
}
