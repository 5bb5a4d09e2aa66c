# One INTERFACE target carries the compile policy of every Parallax target.
add_library(parallax_compile_policy INTERFACE)
add_library(Parallax::CompilePolicy ALIAS parallax_compile_policy)

target_compile_features(parallax_compile_policy INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(parallax_compile_policy INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
if(PARALLAX_WERROR)
  target_compile_options(parallax_compile_policy INTERFACE -Werror)
endif()
target_compile_definitions(parallax_compile_policy INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  QT_NO_FOREACH
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_BEFORE=0x060400
  PARALLAX_VERSION="${PROJECT_VERSION}")
if(PARALLAX_SANITIZE)
  # ASan (with LeakSanitizer) + UBSan. -fno-sanitize-recover makes every UBSan finding fatal, so
  # a finding fails its test instead of scrolling past (scripts/dev.sh test sets the run-time
  # options: halt_on_error, detect_leaks, the LSan suppressions in scripts/lsan-suppressions.txt).
  target_compile_options(parallax_compile_policy INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(parallax_compile_policy INTERFACE -fsanitize=address,undefined)
endif()
if(PARALLAX_BUILD_FUZZ)
  # libFuzzer needs clang. Every Parallax object gets coverage instrumentation
  # (fuzzer-no-link) so the fuzz targets in fuzz/ can link the ordinary core libraries, and
  # the same build dir also runs the sanitizer test suite (the ASan runtime provides the
  # coverage callbacks for the test executables): one sanitizer compile in CI, not two.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PARALLAX_BUILD_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  target_compile_options(parallax_compile_policy INTERFACE -fsanitize=fuzzer-no-link)
endif()

# A core component: a static library of the .cpp files in its directory, linked only to
# Qt Core/Network/Sql (and other core components). The GUI layer is not reachable from here:
# its include directories and libraries are simply not on this target's interface.
function(parallax_core_component name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;QT" ${ARGN})
  file(GLOB _sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  qt_add_library(parallax_${name} STATIC ${_sources})
  target_include_directories(parallax_${name} PUBLIC ${PROJECT_SOURCE_DIR}/core)
  target_link_libraries(parallax_${name} PUBLIC parallax_compile_policy Qt6::Core ${ARG_DEPENDS})
  foreach(_qt IN LISTS ARG_QT)
    if(_qt MATCHES "^(Gui|Widgets|Charts|Svg|PrintSupport|Quick|Qml)$")
      message(FATAL_ERROR "core component '${name}' may not link Qt6::${_qt}: core/ is GUI-free")
    endif()
    target_link_libraries(parallax_${name} PUBLIC Qt6::${_qt})
  endforeach()
  set_target_properties(parallax_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
