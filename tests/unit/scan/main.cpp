// The built-in rules are the source tree's (the tests run from the build
// tree, where no executable's ../share/cordon/rules is).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  ::setenv("CORDON_RULES_DIR", CORDON_RULES_ROOT, /*overwrite=*/1);
  doctest::Context context(argc, argv);
  return context.run();
}
