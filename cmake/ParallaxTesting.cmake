# parallax_add_test(<name> SOURCES a.cpp ... LIBS lib ... [GUI] [XVFB] [LABELS l ...] [TIMEOUT s])
#   One Qt Test executable per unit. GUI tests run on the offscreen platform unless XVFB is
#   given (then they use the X server that scripts/test-session.sh provides).
function(parallax_add_test name)
  cmake_parse_arguments(ARG "GUI;XVFB" "TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  qt_add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE parallax_compile_policy Qt6::Test ${ARG_LIBS})
  target_compile_definitions(${name} PRIVATE
    PARALLAX_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    PARALLAX_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PARALLAX_SHARED_REF_DIR="${PROJECT_SOURCE_DIR}/../shared/ref"
    PARALLAX_BIN_DIR="${CMAKE_BINARY_DIR}/bin")
  add_test(NAME ${name} COMMAND ${name})
  set(_env "QT_LOGGING_RULES=*.debug=false" ${ARG_ENV})
  if(ARG_GUI AND NOT ARG_XVFB)
    list(APPEND _env "QT_QPA_PLATFORM=offscreen")
  endif()
  if(NOT ARG_GUI)
    list(APPEND _env "QT_QPA_PLATFORM=offscreen")
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${_env}" TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}")
endfunction()
