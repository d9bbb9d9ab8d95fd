// Stage 0 of the manifest pipeline: one YAML file into the manifest's own tree
// (yaml_node.h). This is the only file of the project that includes yaml-cpp, and the
// one place where yaml-cpp's 0-based marks become 1-based lines and byte columns.
//
// Promises: a syntax error gives one diagnostic at the right line:col (indentation
// with a tab is named as such); duplicate keys, which yaml-cpp accepts silently, are
// errors citing both places; a quoted string left open at the end of the file is an
// error (yaml-cpp accepts that too); a file holds at most one document; aliases are
// expanded into copies of their anchors (at most 100000 copied nodes per file, so
// nested aliases cannot exhaust memory). An empty file (or one holding only comments)
// reads as a null node. Every scalar carries a LocatedString (scalar_positions.h).
#pragma once

#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/yaml_node.h"

namespace tf::manifest {

// The tree of `file`, or nullopt when it had errors (all reported to `diagnostics`).
std::optional<YamlNode> read_yaml(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace tf::manifest
