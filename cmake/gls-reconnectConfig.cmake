# CMake package for gls-reconnect, consuming the cargo-built library.
#
#   list(APPEND CMAKE_PREFIX_PATH "<repo>/cmake")
#   find_package(gls-reconnect CONFIG REQUIRED)
#   target_link_libraries(game PRIVATE gls::reconnect)          # shared library
#   target_link_libraries(game PRIVATE gls::reconnect_static)   # static library
#
# GLS_RECONNECT_LIB_DIR selects the cargo output folder (default: the first of <repo>/target/dist,
# release and debug that holds the library). Build it first:
#   scripts/build-dist.sh                                   # the shipped library
#   cargo build [--release] -p gls-ffi [--features emulator]  # development builds
get_filename_component(_gls_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT GLS_RECONNECT_LIB_DIR)
  foreach(_gls_profile dist release debug)
    if(EXISTS "${_gls_root}/target/${_gls_profile}/libgls_reconnect.a")
      set(GLS_RECONNECT_LIB_DIR "${_gls_root}/target/${_gls_profile}")
      break()
    endif()
  endforeach()
endif()
if(NOT EXISTS "${GLS_RECONNECT_LIB_DIR}/libgls_reconnect.a")
  set(gls-reconnect_FOUND FALSE)
  set(gls-reconnect_NOT_FOUND_MESSAGE
      "libgls_reconnect not found in '${GLS_RECONNECT_LIB_DIR}': run cargo build -p gls-ffi")
  return()
endif()

find_package(Threads REQUIRED)
set(_gls_include "${_gls_root}/include")

if(NOT TARGET gls::reconnect)
  add_library(gls::reconnect SHARED IMPORTED)
  set_target_properties(gls::reconnect PROPERTIES
    IMPORTED_LOCATION "${GLS_RECONNECT_LIB_DIR}/libgls_reconnect${CMAKE_SHARED_LIBRARY_SUFFIX}"
    INTERFACE_INCLUDE_DIRECTORIES "${_gls_include}")
endif()

if(NOT TARGET gls::reconnect_static)
  add_library(gls::reconnect_static STATIC IMPORTED)
  set_target_properties(gls::reconnect_static PROPERTIES
    IMPORTED_LOCATION "${GLS_RECONNECT_LIB_DIR}/libgls_reconnect.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_gls_include}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS};m")
endif()
set(gls-reconnect_FOUND TRUE)
