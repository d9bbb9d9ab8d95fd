// The planning pipeline shared by `plan` and `apply DIR`: compile the manifests,
// expand them into the desired state, register the tenants with the Graph client,
// observe the live tenants and diff. The CLI is the one layer that sees both the
// compiler and the runtime, so this glue lives here.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/plan.h"
#include "runtime/graph/graph_client.h"

namespace tf::cli {

// nullopt (with diagnostics) when any stage failed; each stage runs only when the
// ones before it had no errors.
std::optional<plan::Plan> plan_configuration(const std::string& path, bool allow_destroy,
                                             graph::GraphClient& client, Diagnostics& diagnostics);

}  // namespace tf::cli
