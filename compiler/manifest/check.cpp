// Checking: names, then each section's decoder, then references.
#include "compiler/manifest/check.h"

#include "compiler/manifest/decode.h"
#include "compiler/manifest/formats.h"
#include "compiler/manifest/languages.h"
#include "compiler/manifest/references.h"

namespace tf::manifest {

namespace {

void check_names(const Manifest& manifest, Diagnostics& diagnostics) {
  for (Section section : kSections)
    for (const Definition& d : manifest.section(section)) {
      std::string problem = name_problem(d.name);
      if (problem.empty()) continue;
      diagnostics.error(d.name_location,
                        "invalid " + std::string(section_noun(section)) + " name '" + d.name + "': " + problem,
                        "bad-name");
    }
}

template <typename T>
std::vector<T> decode_all(const std::vector<Definition>& definitions, Decoder& decoder,
                          T (*decode)(const Definition&, Decoder&)) {
  std::vector<T> out;
  for (const Definition& d : definitions) out.push_back(decode(d, decoder));
  return out;
}

}  // namespace

std::optional<Model> check_manifest(const Manifest& manifest, Diagnostics& diagnostics) {
  Diagnostics found;
  check_names(manifest, found);
  Decoder decoder(found);
  Model model;
  model.tenants = decode_all(manifest.section(Section::Tenants), decoder, decode_tenant);
  model.mappings = decode_all(manifest.section(Section::Mappings), decoder, decode_mapping);
  model.scopes = decode_all(manifest.section(Section::Scopes), decoder, decode_scope);
  model.thresholds = decode_all(manifest.section(Section::Thresholds), decoder, decode_threshold);
  model.hubs = decode_all(manifest.section(Section::Hubs), decoder, decode_hub);
  model.meshes = decode_all(manifest.section(Section::Meshes), decoder, decode_mesh);
  model.links = decode_all(manifest.section(Section::Links), decoder, decode_link);
  compile_languages(model, found);
  check_references(model, found);
  found.sort_by_location();
  diagnostics.append(found);
  if (found.has_errors()) return std::nullopt;
  return model;
}

}  // namespace tf::manifest
