# libFuzzer targets built with clang whatever compiler builds cordon (the
# project builds with g++; libFuzzer is clang's). A target is compiled from
# its sources in one clang++ invocation with -fsanitize=fuzzer,address,undefined
# and registered as a smoke test (a fixed number of runs over its seed corpus,
# in a scratch corpus directory so the source tree is never written).
#
#   cordon_add_libfuzzer(NAME SOURCES src... INCLUDES dir... CORPUS dir RUNS n)
#
# Needs clang++ and libFuzzer (Debian: clang-14, libclang-rt-14-dev; ./setup
# installs both). Without them the target and its test are left out, with a
# warning at configure time.
find_program(CORDON_FUZZ_CXX NAMES clang++-14 clang++ DOC "clang++ for the libFuzzer targets")
set(CORDON_FUZZ_RUNNER ${CMAKE_CURRENT_LIST_DIR}/../tests/fuzz/run_fuzzer.sh)

function(cordon_add_libfuzzer name)
  cmake_parse_arguments(FUZZ "" "CORPUS;RUNS" "SOURCES;INCLUDES" ${ARGN})
  if(NOT CORDON_FUZZ_CXX)
    message(WARNING "clang++ not found: libFuzzer target ${name} and its smoke test are not built")
    return()
  endif()
  set(flags -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
            -fno-sanitize-recover=undefined -Wall -Wextra -Werror)
  set(headers)
  foreach(dir ${FUZZ_INCLUDES})
    list(APPEND flags -I${dir})
    file(GLOB_RECURSE dir_headers CONFIGURE_DEPENDS ${dir}/*.h)
    list(APPEND headers ${dir_headers})
  endforeach()
  set(output ${CMAKE_CURRENT_BINARY_DIR}/bin/${name})
  set(launcher ${CMAKE_CXX_COMPILER_LAUNCHER})
  if(NOT launcher)
    set(launcher $ENV{CMAKE_CXX_COMPILER_LAUNCHER})
  endif()
  add_custom_command(OUTPUT ${output}
    COMMAND ${launcher} ${CORDON_FUZZ_CXX} ${flags} ${FUZZ_SOURCES} -o ${output}
    DEPENDS ${FUZZ_SOURCES} ${headers}
    COMMENT "Building libFuzzer target ${name} with ${CORDON_FUZZ_CXX}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${output})
  if(NOT FUZZ_RUNS)
    set(FUZZ_RUNS 20000)
  endif()
  add_test(NAME fuzz.${name}
    COMMAND ${CORDON_FUZZ_RUNNER} ${output} runs=${FUZZ_RUNS} ${FUZZ_CORPUS})
  set_tests_properties(fuzz.${name} PROPERTIES TIMEOUT 300 LABELS fuzz)
endfunction()
