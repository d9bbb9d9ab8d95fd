// The Manifest: the syntax tree of a whole configuration, as `load` (load.h) makes
// it from one file or every *.yaml / *.yml file of a directory. The seven top-level
// sections are merged across files; each definition keeps its name, the location of
// that name and its body as a YAML tree, untouched (checking is check.h's job).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/manifest/yaml_node.h"

namespace tf::manifest {

enum class Section { Tenants, Mappings, Scopes, Thresholds, Hubs, Meshes, Links };

inline constexpr std::array<Section, 7> kSections = {Section::Tenants, Section::Mappings, Section::Scopes,
                                                     Section::Thresholds, Section::Hubs, Section::Meshes,
                                                     Section::Links};

// "tenants", "mappings", ...: the section's key in the YAML file.
std::string_view section_key(Section section);
// "tenant", "mapping", ...: what one definition of the section is called in messages.
std::string_view section_noun(Section section);

// One named entry of a section, e.g. `contoso: { id: ... }` under `tenants:`.
struct Definition {
  std::string name;
  Location name_location;
  YamlNode body;
};

struct Manifest {
  std::vector<SourceFilePtr> files;  // in load order (sorted by path)
  // Definitions per section (indexed by Section), in load order: files sorted by
  // path, then source order. Names are unique within a section.
  std::array<std::vector<Definition>, 7> sections;

  const std::vector<Definition>& section(Section s) const { return sections[static_cast<std::size_t>(s)]; }
  std::vector<Definition>& section(Section s) { return sections[static_cast<std::size_t>(s)]; }
};

}  // namespace tf::manifest
