# Runs widl on an IDL file: C header, GUID file (_i.c) and type library.
# Standard IDL files come from Wine's development headers and stdole2.tlb
# from Wine's PE library folder; both are found, not assumed.

if(MSGSC_TRIPLET)
    find_program(WIDL NAMES ${MSGSC_TRIPLET}-widl widl REQUIRED)
else()
    find_program(WIDL NAMES widl x86_64-w64-mingw32-widl REQUIRED)
endif()
find_path(MSGSC_WINE_IDL_DIR oaidl.idl
          PATHS /usr/include/wine/wine/windows /usr/include/wine/windows /usr/local/include/wine/windows
          NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_path(MSGSC_STDOLE2_DIR stdole2.tlb
          PATHS /usr/lib/x86_64-linux-gnu/wine/x86_64-windows /usr/lib/wine/x86_64-windows
                /usr/lib/i386-linux-gnu/wine/i386-windows /usr/lib/wine/i386-windows
                /usr/local/lib/wine/x86_64-windows
          NO_CMAKE_FIND_ROOT_PATH REQUIRED)

if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    set(MSGSC_WIDL_ARCH -m64 --win64)
else()
    set(MSGSC_WIDL_ARCH -m32 --win32)
endif()

set(MSGSC_IDL_OUT ${CMAKE_BINARY_DIR}/idl)
file(MAKE_DIRECTORY ${MSGSC_IDL_OUT})

# msgsc_idl(<name>): idl/<name>.idl -> <name>.h, <name>_i.c, <name>.tlb in
# ${MSGSC_IDL_OUT}, and a target idl_<name> that produces them.
function(msgsc_idl name)
    set(idl ${PROJECT_SOURCE_DIR}/idl/${name}.idl)
    set(out ${MSGSC_IDL_OUT}/${name}.h ${MSGSC_IDL_OUT}/${name}_i.c ${MSGSC_IDL_OUT}/${name}.tlb)
    add_custom_command(
        OUTPUT ${out}
        COMMAND ${WIDL} ${MSGSC_WIDL_ARCH} -I${MSGSC_WINE_IDL_DIR} -L${MSGSC_STDOLE2_DIR}
                -h -H ${name}.h -u -U ${name}_i.c -t -T ${name}.tlb ${idl}
        WORKING_DIRECTORY ${MSGSC_IDL_OUT}
        DEPENDS ${idl}
        COMMENT "widl ${name}.idl"
        VERBATIM)
    add_custom_target(idl_${name} DEPENDS ${out})
endfunction()
