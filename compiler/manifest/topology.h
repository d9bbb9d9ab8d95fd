// The expanded topology: the set of directed links (source -> target) that a Model's
// hubs, meshes and links produce, each with its resolved sync settings and the
// element that produced it. expand.h makes it; graph rendering and the planner read it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/location.h"

namespace tf::manifest {

enum class OriginKind { Hub, Mesh, Link };

// The element that produced a link, e.g. hub 'corp' at its name.
struct LinkOrigin {
  OriginKind kind = OriginKind::Link;
  std::string name;
  Location location;
};

struct DirectedLink {
  std::string source;  // tenant names
  std::string target;
  // Names of Model elements; nullopt means the default (model.h).
  std::optional<std::string> mapping;
  std::optional<std::string> scope;
  std::optional<std::string> threshold;
  LinkOrigin origin;
};

struct Topology {
  std::vector<DirectedLink> links;  // sorted by (source, target), each pair once
};

// "hub 'corp'", "mesh 'emea'", "link 'x'".
std::string describe(const LinkOrigin& origin);

}  // namespace tf::manifest
