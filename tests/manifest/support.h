// Helpers for the manifest unit tests: a configuration from in-memory YAML files.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/manifest/check.h"
#include "compiler/manifest/expand.h"
#include "compiler/manifest/load.h"

namespace tf::manifest::test {

inline std::optional<Manifest> load_texts(const std::vector<std::pair<std::string, std::string>>& files,
                                          Diagnostics& diagnostics) {
  std::vector<SourceFilePtr> sources;
  for (const auto& [path, text] : files) sources.push_back(make_source_file(path, text));
  return load_manifest_files(sources, diagnostics);
}

inline std::optional<Model> check_text(const std::string& text, Diagnostics& diagnostics) {
  std::optional<Manifest> manifest = load_texts({{"m.yaml", text}}, diagnostics);
  if (!manifest) return std::nullopt;
  return check_manifest(*manifest, diagnostics);
}

inline std::optional<Topology> expand_text(const std::string& text, Diagnostics& diagnostics) {
  std::optional<Model> model = check_text(text, diagnostics);
  if (!model) return std::nullopt;
  return expand_topology(*model, diagnostics);
}

// Whether some diagnostic has this code.
inline bool has_code(const Diagnostics& diagnostics, const std::string& code) {
  for (const Diagnostic& d : diagnostics.items())
    if (d.code == code) return true;
  return false;
}

inline const char* kTenants =
    "tenants:\n"
    "  contoso: { id: 3d2c1b0a-1111-4222-8333-444455556666, domain: contoso.com }\n"
    "  fabrikam: { id: 4e3d2c1b-2222-4333-8444-555566667777 }\n"
    "  northwind: { id: 5f4e3d2c-3333-4444-8555-666677778888 }\n";

}  // namespace tf::manifest::test
