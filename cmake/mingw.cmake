# Cross-compiling for Windows with MinGW-w64.  The target processor is the
# cache variable MSGSC_TARGET_ARCH, x86_64 or i686, which the presets set:
#   cmake -S . -B <dir> -DCMAKE_TOOLCHAIN_FILE=cmake/mingw.cmake -DMSGSC_TARGET_ARCH=i686
# CMake reads this file several times: on the first configure, on every
# later one (from CMakeSystem.cmake) and in each try_compile project.  The
# last see the variable through CMAKE_TRY_COMPILE_PLATFORM_VARIABLES; the
# environment is the fallback for anything that sees neither.
if(NOT MSGSC_TARGET_ARCH AND DEFINED ENV{MSGSC_TARGET_ARCH})
    set(MSGSC_TARGET_ARCH "$ENV{MSGSC_TARGET_ARCH}")
endif()
if(NOT MSGSC_TARGET_ARCH STREQUAL "x86_64" AND NOT MSGSC_TARGET_ARCH STREQUAL "i686")
    message(FATAL_ERROR "cmake/mingw.cmake: set MSGSC_TARGET_ARCH to x86_64 or i686 "
                        "(the mingw-x64 and mingw-x86 presets do), not \"${MSGSC_TARGET_ARCH}\"")
endif()
set(MSGSC_TARGET_ARCH "${MSGSC_TARGET_ARCH}" CACHE STRING "Windows target processor: x86_64 or i686")
set(ENV{MSGSC_TARGET_ARCH} "${MSGSC_TARGET_ARCH}")
list(FIND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MSGSC_TARGET_ARCH listed)
if(listed EQUAL -1)
    list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MSGSC_TARGET_ARCH)
endif()

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR ${MSGSC_TARGET_ARCH})
set(MSGSC_TRIPLET ${MSGSC_TARGET_ARCH}-w64-mingw32)
set(CMAKE_C_COMPILER ${MSGSC_TRIPLET}-gcc)
set(CMAKE_RC_COMPILER ${MSGSC_TRIPLET}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${MSGSC_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
