# The layers of msgsc.dll, bottom first (docs/architecture.md):
#   core    portable C, no windows.h
#   win     platform pieces the others share (module lock, pipe framing,
#           settings, app store, tracing)
#   client  how a process reaches the session service
#   net     the broker's network backends
#   broker  the broker process
#   com     the COM objects and the DLL itself (src/com, the top)
#
# msgsc_layer(<name> SOURCES <files>... [DEPENDS <layers>...]) makes the
# static library msgsc_<name> from src/<name>.  Its headers are included as
# "<name>/file.h" through an include root that holds only that folder, and a
# layer sees only its own root and those of the layers it depends on: an
# include that goes up or sideways does not compile.
set(MSGSC_LAYER_ROOTS ${CMAKE_BINARY_DIR}/layers)

function(msgsc_layer_root name)
    set(root ${MSGSC_LAYER_ROOTS}/${name})
    if(NOT EXISTS ${root}/${name})
        file(MAKE_DIRECTORY ${root})
        file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${name} ${root}/${name} SYMBOLIC)
    endif()
endfunction()

function(msgsc_layer name)
    cmake_parse_arguments(L "" "" "SOURCES;DEPENDS" ${ARGN})
    msgsc_layer_root(${name})
    add_library(msgsc_${name} STATIC ${L_SOURCES})
    target_include_directories(msgsc_${name} PUBLIC ${MSGSC_LAYER_ROOTS}/${name})
    foreach(dependency ${L_DEPENDS})
        target_link_libraries(msgsc_${name} PUBLIC msgsc_${dependency})
    endforeach()
endfunction()
