# Tests of the Windows build run under Wine, in prefixes under the build
# directory, never the user's own.

if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    set(MSGSC_ARCH_BITS 64)
else()
    set(MSGSC_ARCH_BITS 32)
endif()
set(MSGSC_WINE_RUN ${PROJECT_SOURCE_DIR}/tests/wine-run.sh)
set(MSGSC_PREFIX ${CMAKE_BINARY_DIR}/wineprefix)

# msgsc_wine_test(<name> [REGISTERED] [PREFIX <dir>] COMMAND <program> <args>...)
# REGISTERED: runs after the DLL was registered in the shared prefix.
# PREFIX: a prefix of the test's own (for tests that compare the registry).
function(msgsc_wine_test name)
    cmake_parse_arguments(T "REGISTERED" "PREFIX" "COMMAND" ${ARGN})
    if(NOT T_PREFIX)
        set(T_PREFIX ${MSGSC_PREFIX})
    endif()
    add_test(NAME ${name}
             COMMAND ${MSGSC_WINE_RUN} ${T_PREFIX} ${MSGSC_ARCH_BITS} ${T_COMMAND}
             WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
    if(T_REGISTERED)
        set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED msgsc_registered)
    endif()
endfunction()
