# cmake -DBUILD_DIR=<tree> -DWORK_DIR=<dir> -DSAMPLES_DIR=<samples> -DGENERATOR=<g>
#       -DTOOLCHAIN_FILE=<file> -DTARGET_ARCH=<arch> [-DBUILD_TYPE=<type>]
#       -DWIDL=<widl> -DWINE_IDL_DIR=<dir> -P samples.cmake
# Installs <tree> into <dir>/dist, runs widl on the installed msgrpriv.idl
# (what it includes must be installed beside it), then configures and
# builds samples/ as a standalone project against the install.  The last line says what happened: PASSED,
# or FAILED and the step (a FATAL_ERROR, so the exit status is not 0).
cmake_minimum_required(VERSION 3.21)

set(dist ${WORK_DIR}/dist)
set(build ${WORK_DIR}/samples)

# Inside check(): fail() ends it, leaving the reason in `failure`.
macro(fail why)
    set(failure "${why}" PARENT_SCOPE)
    return()
endmacro()

# run(<step> <command>...): runs it with its output shown; fails on a
# non-zero status.
macro(run step)
    string(REPLACE ";" " " shown "${ARGN}")
    message(STATUS "package_samples: ${step}: ${shown}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        fail("${step} (status ${status})")
    endif()
endmacro()

function(check)
    foreach(var BUILD_DIR WORK_DIR SAMPLES_DIR GENERATOR TOOLCHAIN_FILE TARGET_ARCH WIDL WINE_IDL_DIR)
        if(NOT ${var})
            fail("the arguments: ${var} is not set")
        endif()
    endforeach()

    file(REMOVE_RECURSE ${WORK_DIR})
    file(MAKE_DIRECTORY ${WORK_DIR})

    run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${dist})
    foreach(file bin/msgsc.dll include/msgrpriv.h include/msgrpriv_i.c include/msgrpriv.tlb
                 include/msgrpriv.idl include/msgrcontact.h include/msgrcontact_i.c include/msgrcontact.idl
                 lib/libmsgrpriv.a lib/cmake/msgsc/msgscConfig.cmake lib/cmake/msgsc/msgscConfigVersion.cmake
                 lib/cmake/msgsc/msgscTargets.cmake)
        if(NOT EXISTS ${dist}/${file})
            fail("the install: ${dist}/${file} is missing")
        endif()
    endforeach()
    # The package is relocatable: nothing in it names the build tree.
    file(GLOB package_files ${dist}/lib/cmake/msgsc/*.cmake)
    foreach(file ${package_files})
        file(READ ${file} text)
        string(FIND "${text}" "${BUILD_DIR}" at)
        if(NOT at EQUAL -1)
            fail("the install: ${file} names the build tree ${BUILD_DIR}")
        endif()
    endforeach()

    file(MAKE_DIRECTORY ${WORK_DIR}/widl)
    run("widl on the installed msgrpriv.idl"
        ${WIDL} -I${WINE_IDL_DIR} -h -H ${WORK_DIR}/widl/msgrpriv.h ${dist}/include/msgrpriv.idl)

    run("configuring samples/ against the package"
        ${CMAKE_COMMAND} -S ${SAMPLES_DIR} -B ${build} -G ${GENERATOR}
        -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN_FILE} -DMSGSC_TARGET_ARCH=${TARGET_ARCH}
        -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${dist})
    # find_package must have found this package, not another msgsc.
    file(STRINGS ${build}/CMakeCache.txt found REGEX "^msgsc_DIR:")
    string(REGEX REPLACE "^[^=]*=" "" found "${found}")
    get_filename_component(found "${found}" REALPATH)
    get_filename_component(expected ${dist}/lib/cmake/msgsc REALPATH)
    if(NOT found STREQUAL expected)
        fail("configuring samples/: find_package(msgsc) found \"${found}\", not ${expected}")
    endif()

    run("building samples/" ${CMAKE_COMMAND} --build ${build})
    foreach(program msgsc-demo msgsc-hello)
        if(NOT EXISTS ${build}/${program}.exe)
            fail("building samples/: ${build}/${program}.exe is missing")
        endif()
    endforeach()
endfunction()

check()
if(failure)
    message(FATAL_ERROR "package_samples: FAILED at ${failure}")
endif()
message(STATUS "package_samples: PASSED: installed into ${dist}, samples/ built against it "
               "(${TARGET_ARCH}: msgsc-demo.exe, msgsc-hello.exe)")
