# Cross variants of the sample titles: an AArch64 ELF and a PE32+ .exe of
# every title, built by calling the Debian cross compilers directly (they
# are not the project's compiler, so they cannot build CMake targets here).
# Each is skipped, with a message, when its compilers are not installed.
#
#   samples/lib/aarch64/lib<LIB>.so          mock SDKs for AArch64
#   samples/bin/aarch64/<title>-aarch64      -O2, dynamic, RUNPATH $ORIGIN/../../lib/aarch64
#   samples/lib/mingw/<DLL>.dll (+ lib<DLL>.dll.a import libraries)
#   samples/bin/pe/<title>-win64.exe         -O2, static libgcc/libstdc++

find_program(CORDON_AARCH64_CC aarch64-linux-gnu-gcc)
find_program(CORDON_AARCH64_CXX aarch64-linux-gnu-g++)
find_program(CORDON_MINGW_CC x86_64-w64-mingw32-gcc)
find_program(CORDON_MINGW_CXX x86_64-w64-mingw32-g++)
# std::thread and std::mutex need the POSIX thread model of mingw-w64 (the
# default "win32" one lacks them); Debian ships both drivers.
find_program(CORDON_MINGW_CXX_POSIX x86_64-w64-mingw32-g++-posix)

get_property(_mock_sdks GLOBAL PROPERTY CORDON_MOCK_SDKS)
get_property(_sample_titles GLOBAL PROPERTY CORDON_SAMPLE_TITLES)
set(_sdk_headers_glob ${SAMPLES_SDK_INCLUDE}/*.h ${SAMPLES_SDK_INCLUDE}/*/*.h)
file(GLOB _sdk_headers CONFIGURE_DEPENDS ${_sdk_headers_glob})
file(GLOB _title_headers CONFIGURE_DEPENDS ${SAMPLES_TITLES_DIR}/*.h)

# _cordon_cross_compiler(<out var> <source> <cc> <cxx>): the driver for a file.
function(_cordon_cross_compiler out source cc cxx)
  if(source MATCHES "\\.cpp$")
    set(${out} ${cxx} PARENT_SCOPE)
  else()
    set(${out} ${cc} PARENT_SCOPE)
  endif()
endfunction()

# _cordon_cross_variant(<variant> <cc> <cxx>)
#   variant: aarch64 or pe. Adds the custom commands and the target
#   samples_<variant>, part of ALL and of `samples`.
function(_cordon_cross_variant variant cc cxx)
  set(lib_dir ${SAMPLES_LIB_DIR}/${variant})
  if(variant STREQUAL "pe")
    set(lib_dir ${SAMPLES_LIB_DIR}/mingw)
  endif()
  set(bin_dir ${SAMPLES_BIN_DIR}/${variant})
  file(MAKE_DIRECTORY ${lib_dir} ${bin_dir})
  set(outputs "")

  foreach(sdk ${_mock_sdks})
    get_property(source GLOBAL PROPERTY CORDON_MOCK_${sdk}_SOURCE)
    get_property(lib GLOBAL PROPERTY CORDON_MOCK_${sdk}_LIB)
    get_property(dll GLOBAL PROPERTY CORDON_MOCK_${sdk}_DLL)
    _cordon_cross_compiler(compiler ${source} ${cc} ${cxx})
    set(src ${CMAKE_CURRENT_SOURCE_DIR}/sdk/src/${source})
    if(variant STREQUAL "pe" AND NOT dll)
      continue()  # Windows itself: the titles import the system DLLs
    elseif(variant STREQUAL "pe")
      set(output ${lib_dir}/${dll}.dll)
      set(implib ${lib_dir}/lib${dll}.dll.a)
      set(runtime -static-libgcc)
      if("${compiler}" STREQUAL "${cxx}")
        list(APPEND runtime -static-libstdc++)
      endif()
      add_custom_command(OUTPUT ${output} ${implib}
        COMMAND ${compiler} -O2 -shared -D__USE_MINGW_ANSI_STDIO=1 -I${SAMPLES_SDK_INCLUDE}
                -o ${output} ${src} -Wl,--out-implib,${implib} ${runtime}
        DEPENDS ${src} ${_sdk_headers}
        COMMENT "Building mock SDK ${dll}.dll (mingw)" VERBATIM)
      list(APPEND outputs ${output})
      set(_sdk_file_${sdk} ${implib})
    else()
      set(output ${lib_dir}/lib${lib}.so)
      add_custom_command(OUTPUT ${output}
        COMMAND ${compiler} -O2 -fPIC -shared -I${SAMPLES_SDK_INCLUDE} -o ${output} ${src}
        DEPENDS ${src} ${_sdk_headers}
        COMMENT "Building mock SDK lib${lib}.so (aarch64)" VERBATIM)
      list(APPEND outputs ${output})
      set(_sdk_file_${sdk} ${output})
    endif()
  endforeach()

  foreach(title ${_sample_titles})
    get_property(source GLOBAL PROPERTY CORDON_SAMPLE_${title}_SOURCE)
    get_property(sdks GLOBAL PROPERTY CORDON_SAMPLE_${title}_SDKS)
    get_property(threads GLOBAL PROPERTY CORDON_SAMPLE_${title}_THREADS)
    _cordon_cross_compiler(compiler ${source} ${cc} ${cxx})
    set(src ${SAMPLES_TITLES_DIR}/${source})
    set(libs "")
    set(deps "")
    foreach(sdk ${sdks})
      if(variant STREQUAL "pe")
        get_property(lib GLOBAL PROPERTY CORDON_MOCK_${sdk}_DLL)
        if(NOT lib)
          continue()
        endif()
      else()
        get_property(lib GLOBAL PROPERTY CORDON_MOCK_${sdk}_LIB)
      endif()
      list(APPEND libs -l${lib})
      list(APPEND deps ${_sdk_file_${sdk}})
    endforeach()
    if(variant STREQUAL "pe")
      set(output ${bin_dir}/${title}-win64.exe)
      if(threads)
        list(APPEND libs -lpthread)
        if("${compiler}" STREQUAL "${cxx}")
          if(NOT CORDON_MINGW_CXX_POSIX)
            message(STATUS "samples: x86_64-w64-mingw32-g++-posix not found, skipping ${title}-win64.exe")
            continue()
          endif()
          set(compiler ${CORDON_MINGW_CXX_POSIX})
        endif()
      endif()
      add_custom_command(OUTPUT ${output}
        COMMAND ${compiler} -O2 -D__USE_MINGW_ANSI_STDIO=1 -I${SAMPLES_TITLES_DIR}
                -I${SAMPLES_SDK_INCLUDE} -o ${output} ${src} -L${lib_dir} ${libs}
                -lws2_32 -liphlpapi -lwinhttp -static-libgcc -static-libstdc++
        DEPENDS ${src} ${deps} ${_sdk_headers} ${_title_headers}
        COMMENT "Building sample ${title}-win64.exe (mingw)" VERBATIM)
    else()
      set(output ${bin_dir}/${title}-aarch64)
      if(threads)
        list(APPEND libs -pthread)
      endif()
      add_custom_command(OUTPUT ${output}
        COMMAND ${compiler} -O2 -I${SAMPLES_TITLES_DIR} -I${SAMPLES_SDK_INCLUDE}
                -o ${output} ${src} -L${lib_dir} ${libs}
                "-Wl,-rpath,$ORIGIN/../../lib/aarch64"
        DEPENDS ${src} ${deps} ${_sdk_headers} ${_title_headers}
        COMMENT "Building sample ${title}-aarch64" VERBATIM)
    endif()
    list(APPEND outputs ${output})
  endforeach()

  add_custom_target(samples_${variant} ALL DEPENDS ${outputs})
  add_dependencies(samples samples_${variant})
endfunction()

if(CORDON_AARCH64_CC AND CORDON_AARCH64_CXX)
  _cordon_cross_variant(aarch64 ${CORDON_AARCH64_CC} ${CORDON_AARCH64_CXX})
else()
  message(STATUS "samples: aarch64-linux-gnu-gcc/g++ not found, skipping the AArch64 variants")
endif()

if(CORDON_MINGW_CC AND CORDON_MINGW_CXX)
  _cordon_cross_variant(pe ${CORDON_MINGW_CC} ${CORDON_MINGW_CXX})
else()
  message(STATUS "samples: x86_64-w64-mingw32-gcc/g++ not found, skipping the PE variants")
endif()
