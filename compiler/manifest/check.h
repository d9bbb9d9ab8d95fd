// Stage 2 of the manifest pipeline: a Manifest (load.h) into a checked Model
// (model.h). It reports, all in one pass: names that are not valid local names,
// unknown keys (with "did you mean"), wrong types ("expected a mapping, found a
// sequence"), tenant ids that are not GUIDs, bad domains, emails and clouds, unknown
// hub patterns, thresholds that are not positive whole numbers, secrets written
// literally, malformed mapping entries and scope filters (decode.h), and the
// cross-element rules of references.h. Defaults for what the manifest leaves out are
// listed in model.h. Returns nullopt when there was any error (warnings pass).
#pragma once

#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/manifest.h"
#include "compiler/manifest/model.h"

namespace tf::manifest {

std::optional<Model> check_manifest(const Manifest& manifest, Diagnostics& diagnostics);

}  // namespace tf::manifest
