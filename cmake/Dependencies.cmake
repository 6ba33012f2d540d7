# Every dependency comes from a Debian 12 package (see ./setup); nothing is
# downloaded at build time.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SECCOMP REQUIRED IMPORTED_TARGET libseccomp)
pkg_check_modules(CAPSTONE REQUIRED IMPORTED_TARGET capstone)

# LLVM 14 is Debian 12's default: see docs/dependencies.md for why.
find_package(LLVM 14 REQUIRED CONFIG HINTS /usr/lib/llvm-14/lib/cmake/llvm)
find_library(LIBCLANG_LIBRARY NAMES clang libclang.so.1 clang-14
  HINTS ${LLVM_LIBRARY_DIRS} REQUIRED)
find_path(LIBCLANG_INCLUDE_DIR clang-c/Index.h HINTS ${LLVM_INCLUDE_DIRS} REQUIRED)

# One shared libLLVM keeps links fast and the executable small.
add_library(cordon_llvm INTERFACE)
target_include_directories(cordon_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
target_compile_definitions(cordon_llvm INTERFACE ${LLVM_DEFINITIONS})
target_link_directories(cordon_llvm INTERFACE ${LLVM_LIBRARY_DIRS})
target_link_libraries(cordon_llvm INTERFACE LLVM)

add_library(cordon_libclang INTERFACE)
target_include_directories(cordon_libclang SYSTEM INTERFACE ${LIBCLANG_INCLUDE_DIR})
target_link_libraries(cordon_libclang INTERFACE ${LIBCLANG_LIBRARY})

find_package(yaml-cpp REQUIRED)
find_package(doctest REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(Threads REQUIRED)
