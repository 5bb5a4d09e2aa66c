#pragma once

#include <QString>

// What this build is, from one place: the version is the project's (CMakeLists.txt, the
// PARALLAX_VERSION definition), the revision is git's at build time (cmake/GitRevision.cmake).
// `parallax --version`, `parallax-cli --version`, the reports' generator line and the About box
// all read it here.
namespace parallax::buildinfo {

// Defined in the generated buildrevision.cpp; empty when the source was not a git checkout.
extern const char *const kRevision;

// "0.1.0"
QString version();
// "0d61b381df", "0d61b381df-dirty" or empty.
QString revision();
// "0.1.0 (git 0d61b381df)", or "0.1.0" without a revision: what every "version" line shows.
QString versionLine();

}  // namespace parallax::buildinfo
