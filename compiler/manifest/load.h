// Stage 1 of the manifest pipeline: files into a Manifest (manifest.h).
//
// `path` is one file, or a directory whose *.yaml and *.yml files (not recursive) are
// read in path order. Diagnostics name files by `path` joined with the file name, as
// the user wrote it, so output is stable. Errors: an unreadable path, a directory with
// no manifest files, YAML syntax errors (every file is read, so each file's first
// syntax error is shown), a top level that is not a mapping of known sections (with a
// suggestion), a section that is not a mapping, and a name defined twice in a section,
// citing both places. Returns nullopt when there was any error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/manifest.h"

namespace tf::manifest {

std::optional<Manifest> load_manifest(const std::string& path, Diagnostics& diagnostics);

// The same from files already in memory (tests, fuzzing), taken in the given order.
std::optional<Manifest> load_manifest_files(const std::vector<SourceFilePtr>& files, Diagnostics& diagnostics);

}  // namespace tf::manifest
