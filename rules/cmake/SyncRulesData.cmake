# Mirrors SRC/*.yaml into DST: copies new and changed files and removes
# YAML files that no longer exist in SRC, so a deleted pack is not loaded
# from a stale copy. Run as: cmake -DSRC=... -DDST=... -P SyncRulesData.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY ${DST})
file(GLOB wanted RELATIVE ${SRC} ${SRC}/*.yaml)
file(GLOB present RELATIVE ${DST} ${DST}/*.yaml)
foreach(name ${present})
  if(NOT name IN_LIST wanted)
    file(REMOVE ${DST}/${name})
  endif()
endforeach()
foreach(name ${wanted})
  file(COPY_FILE ${SRC}/${name} ${DST}/${name} ONLY_IF_DIFFERENT)
endforeach()
