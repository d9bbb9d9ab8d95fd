// The front end's stages chained.
#include "compiler/manifest/pipeline.h"

#include "compiler/manifest/check.h"
#include "compiler/manifest/expand.h"
#include "compiler/manifest/load.h"

namespace tf::manifest {

std::optional<CompiledManifest> compile_manifest(const std::string& path, Diagnostics& diagnostics) {
  std::optional<Manifest> manifest = load_manifest(path, diagnostics);
  if (!manifest) return std::nullopt;
  std::optional<Model> model = check_manifest(*manifest, diagnostics);
  if (!model) return std::nullopt;
  std::optional<Topology> topology = expand_topology(*model, diagnostics);
  if (!topology) return std::nullopt;
  return CompiledManifest{std::move(*model), std::move(*topology)};
}

std::string summary_line(const CompiledManifest& compiled) {
  auto count = [](std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  return "ok: " + count(compiled.model.tenants.size(), "tenant") + ", " +
         count(compiled.topology.links.size(), "link");
}

}  // namespace tf::manifest
