// The manifest front end in one call: load (load.h), check (check.h) and expand
// (expand.h), each stage running only when the previous one had no errors. This is
// what commands such as `validate`, `graph` and `plan` start from.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/model.h"
#include "compiler/manifest/topology.h"

namespace tf::manifest {

struct CompiledManifest {
  Model model;
  Topology topology;
};

// `path` is a manifest file or a directory of them. Diagnostics (warnings and notes
// too) go to `diagnostics`; nullopt when any stage had an error.
std::optional<CompiledManifest> compile_manifest(const std::string& path, Diagnostics& diagnostics);

// One line for humans: "ok: 4 tenants, 6 links".
std::string summary_line(const CompiledManifest& compiled);

}  // namespace tf::manifest
