// compile -> expand -> observe -> diff.
#include "cli/plan_pipeline.h"

#include <utility>

#include "compiler/plan/diff.h"
#include "compiler/plan/expand.h"
#include "compiler/plan/manifest_hash.h"
#include "runtime/observe/observe.h"

namespace tf::cli {

std::optional<ObservedConfiguration> observe_configuration(const std::string& path, graph::GraphClient& client,
                                                           Diagnostics& diagnostics) {
  std::optional<manifest::CompiledManifest> compiled = manifest::compile_manifest(path, diagnostics);
  if (!compiled) return std::nullopt;
  plan::DesiredState desired = plan::expand(*compiled, diagnostics);
  std::optional<std::string> hash = plan::hash_manifest_path(path, diagnostics);
  if (diagnostics.has_errors() || !hash) return std::nullopt;
  observe::add_manifest_tenants(client, compiled->model, diagnostics);
  if (diagnostics.has_errors()) return std::nullopt;
  plan::ObservedState observed = observe::observe(client, *compiled, desired, diagnostics);
  if (diagnostics.has_errors()) return std::nullopt;
  return ObservedConfiguration{std::move(*compiled), std::move(desired), std::move(observed), std::move(*hash)};
}

std::optional<plan::Plan> plan_configuration(const std::string& path, bool allow_destroy,
                                             graph::GraphClient& client, Diagnostics& diagnostics) {
  std::optional<ObservedConfiguration> read = observe_configuration(path, client, diagnostics);
  if (!read) return std::nullopt;
  plan::DiffOptions options{allow_destroy, TENANTFORM_VERSION, read->manifest_hash,
                            plan::plan_tenants(read->compiled.model)};
  plan::Plan result = plan::diff(std::move(read->desired), read->observed, options, diagnostics);
  if (diagnostics.has_errors()) return std::nullopt;
  return result;
}

}  // namespace tf::cli
