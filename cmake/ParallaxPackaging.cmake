# Installing Parallax like a desktop app, and its Debian package (`cpack -G DEB` in the build
# dir; scripts/package-check.sh builds, checks and installs it). Everything below lands under
# CMAKE_INSTALL_PREFIX: binaries, man pages and completions (app/CMakeLists.txt), the .desktop
# entry, metainfo and icons (resources/CMakeLists.txt), and here the documentation, the
# systemd units and the package's own files. Translations are compiled into the binaries
# (translations/CMakeLists.txt), so there are no .qm files to install.

set(PARALLAX_PACKAGE_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/parallax)
set(PARALLAX_SYSTEMD_USER_UNIT_DIR "lib/systemd/user" CACHE STRING
  "Where the systemd user unit goes, relative to the install prefix")

# The changelog's date, in RFC 2822, from PARALLAX_RELEASE_DATE (Zeller's congruence for the
# weekday): the version and its date are written once, in CMakeLists.txt.
string(REPLACE "-" ";" _date "${PARALLAX_RELEASE_DATE}")
list(GET _date 0 _y)
list(GET _date 1 _m)
list(GET _date 2 _d)
math(EXPR _m "${_m} + 0")
math(EXPR _d "${_d} + 0")
set(_zm ${_m})
set(_zy ${_y})
if(_zm LESS 3)
  math(EXPR _zm "${_zm} + 12")
  math(EXPR _zy "${_zy} - 1")
endif()
math(EXPR _wd "(${_d} + (13 * (${_zm} + 1)) / 5 + ${_zy} % 100 + (${_zy} % 100) / 4 + (${_zy} / 100) / 4 + 5 * (${_zy} / 100)) % 7")
set(_weekdays Sat Sun Mon Tue Wed Thu Fri)
set(_months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
list(GET _weekdays ${_wd} _wdname)
math(EXPR _mi "${_m} - 1")
list(GET _months ${_mi} _mname)
if(_d LESS 10)
  set(_d "0${_d}")
endif()
set(PARALLAX_CHANGELOG_DATE "${_wdname}, ${_d} ${_mname} ${_y} 00:00:00 +0000")

set(CPACK_PACKAGE_CONTACT "Parallax maintainers <parallax@example.invalid>")

configure_file(${PROJECT_SOURCE_DIR}/resources/debian/changelog.in ${CMAKE_BINARY_DIR}/package/changelog @ONLY)
find_program(GZIP_EXE gzip REQUIRED)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/package/changelog.gz
  COMMAND ${GZIP_EXE} -9nfk ${CMAKE_BINARY_DIR}/package/changelog
  DEPENDS ${CMAKE_BINARY_DIR}/package/changelog
  COMMENT "Compressing the package changelog"
  VERBATIM)
add_custom_target(parallax_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/package/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/package/changelog.gz DESTINATION ${PARALLAX_PACKAGE_DOC_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/copyright DESTINATION ${PARALLAX_PACKAGE_DOC_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/systemd.md DESTINATION ${PARALLAX_PACKAGE_DOC_DIR})

# parallax-cli watch as a service: the user unit where systemd looks for it (not enabled), the
# system unit and the environment file as examples (docs/systemd.md).
install(FILES ${PROJECT_SOURCE_DIR}/resources/systemd/parallax-watch@.service
  DESTINATION ${PARALLAX_SYSTEMD_USER_UNIT_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/resources/systemd/system/parallax-watch@.service
  ${PROJECT_SOURCE_DIR}/resources/systemd/watch.env
  DESTINATION ${PARALLAX_PACKAGE_DOC_DIR}/examples)

# The Debian package: parallax_<version>_<arch>.deb, its library dependencies from
# dpkg-shlibdeps, plus what the binaries load at run time without linking it.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parallax)
set(CPACK_PACKAGE_VENDOR "Parallax contributors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "monitor and reachability doctor for GPUStack clusters")
set(CPACK_PACKAGE_DESCRIPTION
  "Parallax shows the GPUStack server's view of every worker beside the view from\n"
  "this machine, keeps their history, names the likely cause when they disagree,\n"
  "walks through the checks and exports a report for the ticket.\n"
  "\n"
  "This package holds the desktop application (parallax), the headless command\n"
  "line tool (parallax-cli) with its embedded GPUStack simulator, their man\n"
  "pages, shell completions and a systemd user unit for parallax-cli watch.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Loaded by Qt at run time, so dpkg-shlibdeps cannot see them: the SQLite driver of the
# history and the platform plugins of the window (xcb; offscreen is in libqt6gui6).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
# The keychain behind QtKeychain, and the translations of Qt's own dialogs.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, qt6-translations-l10n")
include(CPack)
