# What cmake --install puts under its prefix (include/README.md):
#   bin/msgsc.dll
#   include/    msgrpriv.h, msgrpriv_i.c, msgrpriv.tlb, msgrpriv.idl and the
#               same for msgrcontact (no type library: it is in the DLL);
#               msgrdispid.h, which msgrpriv.idl includes
#   lib/libmsgrpriv.a   the GUID definitions of both, compiled
#   lib/cmake/msgsc/    the CMake package: find_package(msgsc) gives the
#               imported target msgsc::msgrpriv (headers, GUIDs, and the
#               system libraries a client of the original links)
# Included from the top-level CMakeLists.txt after its add_subdirectory
# calls; the DLL is the target msgsc of src/com.
include(CMakePackageConfigHelpers)

set(MSGSC_INSTALL_BINDIR bin)
set(MSGSC_INSTALL_CMAKEDIR lib/cmake/msgsc)

# The GUID files as a library.  In the tree it is msgsc::msgrpriv too, so the
# samples link the same name built here or found installed.
add_library(msgsc_msgrpriv STATIC ${MSGSC_IDL_OUT}/msgrpriv_i.c ${MSGSC_IDL_OUT}/msgrcontact_i.c)
add_dependencies(msgsc_msgrpriv idl_msgrpriv idl_msgrcontact)
set_target_properties(msgsc_msgrpriv PROPERTIES OUTPUT_NAME msgrpriv EXPORT_NAME msgrpriv)
target_include_directories(msgsc_msgrpriv INTERFACE $<BUILD_INTERFACE:${MSGSC_IDL_OUT}>
                                                    $<INSTALL_INTERFACE:include>)
target_link_libraries(msgsc_msgrpriv INTERFACE ole32 oleaut32 uuid)
add_library(msgsc::msgrpriv ALIAS msgsc_msgrpriv)

install(TARGETS msgsc RUNTIME DESTINATION ${MSGSC_INSTALL_BINDIR})
install(FILES ${MSGSC_IDL_OUT}/msgrpriv.h ${MSGSC_IDL_OUT}/msgrpriv_i.c ${MSGSC_IDL_OUT}/msgrpriv.tlb
              ${MSGSC_IDL_OUT}/msgrcontact.h ${MSGSC_IDL_OUT}/msgrcontact_i.c
        DESTINATION include)
# The two IDL files and whatever of idl/ they import or include (the
# DISPIDs of idl/msgrdispid.h), so that the installed IDL compiles as it is.
get_filename_component(ours ${PROJECT_SOURCE_DIR}/idl REALPATH)
set(public_idl)
foreach(name msgrpriv msgrcontact)
    msgsc_idl_sources(sources ${PROJECT_SOURCE_DIR}/idl/${name}.idl)
    list(APPEND public_idl ${sources})
endforeach()
list(REMOVE_DUPLICATES public_idl)
foreach(source IN LISTS public_idl)
    file(RELATIVE_PATH relative ${ours} ${source})
    if(NOT relative MATCHES "^\\.\\./")
        get_filename_component(folder ${relative} DIRECTORY)
        install(FILES ${source} DESTINATION include/${folder})
    endif()
endforeach()
install(TARGETS msgsc_msgrpriv EXPORT msgscTargets ARCHIVE DESTINATION lib)
install(EXPORT msgscTargets NAMESPACE msgsc:: DESTINATION ${MSGSC_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/msgscConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/package/msgscConfig.cmake
                              INSTALL_DESTINATION ${MSGSC_INSTALL_CMAKEDIR}
                              PATH_VARS MSGSC_INSTALL_BINDIR)
# SameMajorVersion: find_package(msgsc 0.1) takes 0.1 and any later 0.y.z.
# The file also refuses a client that builds for another pointer size than
# the package (an i686 client needs the install of the mingw-x86 tree).
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/msgscConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/msgscConfig.cmake ${CMAKE_BINARY_DIR}/package/msgscConfigVersion.cmake
        DESTINATION ${MSGSC_INSTALL_CMAKEDIR})
