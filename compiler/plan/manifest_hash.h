// The manifest hash a plan records: which configuration it was made from. It is the
// SHA-256 of the manifest files' names and contents, sorted by name, so the same
// files give the same hash wherever the directory lives and however it is spelled
// on the command line ("org/", "./org"). Written "sha256:<64 hex digits>".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace tf::plan {

struct ManifestFile {
  std::string name;  // relative to the manifest directory (the file name for a single file)
  std::string text;
};

std::string manifest_hash(std::vector<ManifestFile> files);

// Reads the files `tenantform plan PATH` reads (PATH itself, or the *.yaml / *.yml
// files of the directory PATH) and hashes them; nullopt with an error when one
// cannot be read.
std::optional<std::string> hash_manifest_path(const std::string& path, Diagnostics& diagnostics);

}  // namespace tf::plan
