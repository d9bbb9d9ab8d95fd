// Stage 3 of the manifest pipeline: a Model's topology elements into directed links.
//
// - hub, pattern user-hub: hub -> each spoke; application-hub: each spoke -> hub;
// - mesh: every ordered pair of members, each with the mesh's sync settings, replaced
//   field by field by `from: {member: {...}}` for the links whose source is member;
// - links: one link each.
// A (source, target) pair produced by two elements is an error naming both, unless
// one is an entry of `links:`, which wins; each element it overrides is reported as a
// note ("link 'a' -> 'b' from mesh 'emea' is overridden by link 'x'"). Output is sorted
// by (source, target). Returns nullopt when there was any error.
#pragma once

#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/model.h"
#include "compiler/manifest/topology.h"

namespace tf::manifest {

std::optional<Topology> expand_topology(const Model& model, Diagnostics& diagnostics);

}  // namespace tf::manifest
