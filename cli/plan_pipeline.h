// The pipeline shared by `plan`, `apply DIR` and `status`: compile the manifests,
// expand them into the desired state, register the tenants with the Graph client,
// observe the live tenants, and (for plans) diff. The CLI is the one layer that sees
// both the compiler and the runtime, so this glue lives here.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/plan.h"
#include "compiler/plan/state.h"
#include "runtime/graph/graph_client.h"

namespace tf::cli {

struct ObservedConfiguration {
  manifest::CompiledManifest compiled;
  plan::DesiredState desired;
  plan::ObservedState observed;
  std::string manifest_hash;
};

// Compile, expand, register the tenants, observe. nullopt (with diagnostics) when
// any stage failed; each stage runs only when the ones before it had no errors.
std::optional<ObservedConfiguration> observe_configuration(const std::string& path, graph::GraphClient& client,
                                                           Diagnostics& diagnostics);

// observe_configuration, then diff.
std::optional<plan::Plan> plan_configuration(const std::string& path, bool allow_destroy,
                                             graph::GraphClient& client, Diagnostics& diagnostics);

}  // namespace tf::cli
