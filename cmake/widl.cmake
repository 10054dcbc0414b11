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

# msgsc_idl_sources(<var> <file>): the files widl reads for <file>, itself
# first: what it imports (import "x.idl";) and includes (#include "x.h"),
# recursively.  A name is looked for beside the file that names it (idl/
# for ours), then in Wine's IDL folder, as widl does with the -I option
# below; names found nowhere are left to widl to report.  The scan runs at
# configure time, and editing a file of idl/ configures again, so a new
# import or header (say idl/msgrdispid.h) becomes a dependency.
function(msgsc_idl_sources var file)
    get_filename_component(file ${file} REALPATH)
    set(found ${file})
    set(queue ${file})
    while(queue)
        list(POP_FRONT queue current)
        get_filename_component(here ${current} DIRECTORY)
        file(STRINGS ${current} lines REGEX "^[ \t]*(import[ \t\"]|#[ \t]*include[ \t\"<])")
        foreach(line IN LISTS lines)
            # import "a.idl", "b.idl";  #include "x.h"  #include <x.h>
            string(REGEX MATCHALL "[\"<][^\">]+[\">]" names "${line}")
            foreach(name IN LISTS names)
                string(REGEX REPLACE "^.(.*).$" "\\1" name "${name}")
                foreach(dir ${here} ${MSGSC_WINE_IDL_DIR})
                    if(EXISTS ${dir}/${name} AND NOT IS_DIRECTORY ${dir}/${name})
                        get_filename_component(path ${dir}/${name} REALPATH)
                        if(NOT path IN_LIST found)
                            list(APPEND found ${path})
                            list(APPEND queue ${path})
                        endif()
                        break()
                    endif()
                endforeach()
            endforeach()
        endforeach()
    endwhile()
    set(${var} ${found} PARENT_SCOPE)
endfunction()

# msgsc_idl(<name>): idl/<name>.idl -> <name>.h, <name>_i.c, <name>.tlb in
# ${MSGSC_IDL_OUT}, and a target idl_<name> that produces them.  They are
# made again when widl, the IDL, anything it imports or includes, or a type
# library it imports (importlib("stdole2.tlb")) changes.
function(msgsc_idl name)
    set(idl ${PROJECT_SOURCE_DIR}/idl/${name}.idl)
    set(out ${MSGSC_IDL_OUT}/${name}.h ${MSGSC_IDL_OUT}/${name}_i.c ${MSGSC_IDL_OUT}/${name}.tlb)
    msgsc_idl_sources(sources ${idl})
    set(tlbs)
    file(STRINGS ${idl} lines REGEX "importlib[ \t]*\\([ \t]*\"[^\"]+\"")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE ".*importlib[ \t]*\\([ \t]*\"([^\"]+)\".*" "\\1" tlb "${line}")
        if(EXISTS ${MSGSC_STDOLE2_DIR}/${tlb})
            list(APPEND tlbs ${MSGSC_STDOLE2_DIR}/${tlb})
        endif()
    endforeach()
    get_filename_component(ours ${PROJECT_SOURCE_DIR}/idl REALPATH)
    foreach(source IN LISTS sources)
        string(FIND ${source} ${ours}/ at)
        if(at EQUAL 0)
            set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
        endif()
    endforeach()
    add_custom_command(
        OUTPUT ${out}
        COMMAND ${WIDL} ${MSGSC_WIDL_ARCH} -I${MSGSC_WINE_IDL_DIR} -L${MSGSC_STDOLE2_DIR}
                -h -H ${name}.h -u -U ${name}_i.c -t -T ${name}.tlb ${idl}
        WORKING_DIRECTORY ${MSGSC_IDL_OUT}
        DEPENDS ${sources} ${tlbs} ${WIDL}
        COMMENT "widl ${name}.idl"
        VERBATIM)
    add_custom_target(idl_${name} DEPENDS ${out})
endfunction()
