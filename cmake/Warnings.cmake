# Build flags for the project's own code: every cordon library, the
# executable and the tests link `cordon_warnings` (PRIVATE). Dependencies are
# SYSTEM includes. The samples do not link it: they stay plain builds (static
# and cross variants cannot carry sanitizers).
add_library(cordon_warnings INTERFACE)
target_compile_options(cordon_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  -Wformat=2 -Wno-missing-field-initializers
  # GCC 12 reports -Wrestrict false positives inside libstdc++'s string
  # operator+ at -O2 (GCC bug 105329); the warning stays on elsewhere.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${CORDON_WERROR}>:-Werror>)

if(CORDON_SANITIZE)
  target_compile_options(cordon_warnings INTERFACE -fsanitize=address,undefined
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(cordon_warnings INTERFACE -fsanitize=address,undefined)
endif()
