# Mach-O variants of the C sample titles, for `cordon scan`'s Mach-O front
# end: compiled by Debian's clang for x86_64-apple-macos and
# arm64-apple-macos and linked by ld64.lld against the text-based stubs in
# samples/macos/ (libSystem and the mock SDKs' names), so no Apple SDK is
# needed. glibc's headers stand in for the SDK headers (the titles use POSIX
# and the mock SDKs' own headers only); the binaries are real Mach-O
# executables that are scanned, never run.
#
#   samples/macho/<title>-macos-arm64           thin arm64 (the universal file's input)
#   samples/bin/macho/<title>-macos-x86_64      thin x86-64
#   samples/bin/macho/<title>-macos             universal: x86_64 + arm64 slices,
#                                               scanned as <title>-macos[x86_64] / [arm64]
# The C++ titles are left out: Debian has no libc++ headers for Apple targets.
# The Objective-C titles (t_*.m) are built here only.
# Skipped, with a message, when clang, ld64.lld or llvm-lipo is missing.

find_program(CORDON_MACOS_CC NAMES clang-14 clang)
find_program(CORDON_LD64 NAMES ld64.lld-14 ld64.lld)
find_program(CORDON_LIPO NAMES llvm-lipo-14 llvm-lipo)

if(NOT CORDON_MACOS_CC OR NOT CORDON_LD64 OR NOT CORDON_LIPO)
  message(STATUS "samples: clang, ld64.lld or llvm-lipo not found, skipping the Mach-O variants")
  return()
endif()
# The arm64 slices take the AArch64 glibc headers of the cross toolchain.
if(NOT EXISTS /usr/aarch64-linux-gnu/include/stdio.h)
  message(STATUS "samples: no AArch64 glibc headers (libc6-dev-arm64-cross), skipping the Mach-O variants")
  return()
endif()

set(_tbd_dir ${CMAKE_CURRENT_SOURCE_DIR}/macos)
set(_macho_obj_dir ${CMAKE_BINARY_DIR}/samples/macho)
set(_macho_bin_dir ${SAMPLES_BIN_DIR}/macho)
file(MAKE_DIRECTORY ${_macho_obj_dir} ${_macho_bin_dir})
# The mock SDKs' stubs, by SDK: lib<LIB>.tbd unless named here.
set(_macho_tbd_eos libEOSSDK-Mac-Shipping.tbd)

set(_macho_outputs "")
# _cordon_macho_title(<title> <source file> <stub...>): the thin x86-64 file,
# the arm64 one and the universal file of both.
function(_cordon_macho_title title source)
  set(stubs ${ARGN})
  set(src ${SAMPLES_TITLES_DIR}/${source})
  set(slices "")
  foreach(arch x86_64 arm64)
    if(arch STREQUAL "x86_64")
      set(glibc_headers -isystem /usr/include/x86_64-linux-gnu -isystem /usr/include)
      set(output ${_macho_bin_dir}/${title}-macos-x86_64)
    else()
      set(glibc_headers -isystem /usr/aarch64-linux-gnu/include)
      set(output ${_macho_obj_dir}/${title}-macos-arm64)
    endif()
    set(object ${_macho_obj_dir}/${title}-${arch}.o)
    # -U__nonnull: clang predefines it for Apple targets (nullability), glibc
    # defines it as an attribute macro.
    add_custom_command(OUTPUT ${output}
      COMMAND ${CORDON_MACOS_CC} -target ${arch}-apple-macos11 -O2 -U__nonnull
              -I${SAMPLES_TITLES_DIR} -I${SAMPLES_SDK_INCLUDE} ${glibc_headers}
              -c ${src} -o ${object}
      COMMAND ${CORDON_LD64} -arch ${arch} -platform_version macos 11.0 11.0
              -o ${output} ${object} ${stubs}
      DEPENDS ${src} ${stubs} ${_sdk_headers} ${_title_headers}
      COMMENT "Building sample ${title}-macos-${arch} (Mach-O)" VERBATIM)
    list(APPEND slices ${output})
  endforeach()
  set(universal ${_macho_bin_dir}/${title}-macos)
  add_custom_command(OUTPUT ${universal}
    COMMAND ${CORDON_LIPO} -create ${slices} -output ${universal}
    DEPENDS ${slices}
    COMMENT "Building sample ${title}-macos (universal Mach-O)" VERBATIM)
  set(_macho_outputs ${_macho_outputs} ${slices} ${universal} PARENT_SCOPE)
endfunction()

foreach(title ${_sample_titles})
  get_property(source GLOBAL PROPERTY CORDON_SAMPLE_${title}_SOURCE)
  get_property(sdks GLOBAL PROPERTY CORDON_SAMPLE_${title}_SDKS)
  if(NOT source MATCHES "\\.c$")
    continue()
  endif()
  set(stubs ${_tbd_dir}/libSystem.tbd)
  foreach(sdk ${sdks})
    if(DEFINED _macho_tbd_${sdk})
      list(APPEND stubs ${_tbd_dir}/${_macho_tbd_${sdk}})
    else()
      get_property(lib GLOBAL PROPERTY CORDON_MOCK_${sdk}_LIB)
      list(APPEND stubs ${_tbd_dir}/lib${lib}.tbd)
    endif()
  endforeach()
  _cordon_macho_title(${title} ${source} ${stubs})
endforeach()

# Objective-C titles: Apple platforms only, built here alone (their classes
# come from the UIKit and Foundation stubs, sends from libobjc's).
set_property(GLOBAL APPEND PROPERTY CORDON_SAMPLE_TITLES apple_idfv)
set_property(GLOBAL PROPERTY CORDON_SAMPLE_apple_idfv_SOURCE t_apple_idfv.m)
_cordon_macho_title(apple_idfv t_apple_idfv.m ${_tbd_dir}/libSystem.tbd ${_tbd_dir}/libobjc.tbd
  ${_tbd_dir}/Foundation.tbd ${_tbd_dir}/UIKit.tbd)

add_custom_target(samples_macho ALL DEPENDS ${_macho_outputs})
add_dependencies(samples samples_macho)
