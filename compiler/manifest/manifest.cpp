// Section names of the manifest language.
#include "compiler/manifest/manifest.h"

namespace tf::manifest {

std::string_view section_key(Section section) {
  switch (section) {
    case Section::Tenants: return "tenants";
    case Section::Mappings: return "mappings";
    case Section::Scopes: return "scopes";
    case Section::Thresholds: return "thresholds";
    case Section::Hubs: return "hubs";
    case Section::Meshes: return "meshes";
    case Section::Links: return "links";
  }
  return "";
}

std::string_view section_noun(Section section) {
  switch (section) {
    case Section::Tenants: return "tenant";
    case Section::Mappings: return "mapping";
    case Section::Scopes: return "scope";
    case Section::Thresholds: return "threshold";
    case Section::Hubs: return "hub";
    case Section::Meshes: return "mesh";
    case Section::Links: return "link";
  }
  return "";
}

}  // namespace tf::manifest
