// Pictures of the expanded topology for pull requests: Mermaid (GitHub renders it in
// markdown) and Graphviz DOT. Tenants are nodes, links are arrows labelled
// "mapping / scope" ('default' where the link uses the default), and hubs and meshes
// are groups (Mermaid subgraphs, DOT clusters).
//
// Neither format lets a node sit in two groups, so a tenant is drawn in the first
// group that names it, hubs before meshes, each in name order; a group then shows only
// the tenants it was first to claim (its links still show every membership). Tenants
// in no group are drawn at top level. Output depends only on the input.
#pragma once

#include <string>

#include "compiler/manifest/model.h"
#include "compiler/manifest/topology.h"

namespace tf::manifest {

enum class GraphFormat { Mermaid, Dot };

std::string render_topology(const Model& model, const Topology& topology, GraphFormat format);

}  // namespace tf::manifest
