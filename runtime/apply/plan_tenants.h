// Registers the tenants a saved plan names (Plan::tenants) with the Graph client,
// so `tenantform apply FILE` needs no manifest. The plan holds only where secrets
// are (environment variable or file names); the values are read here and handed to
// the client only. Same precedence as observe's add_manifest_tenants: a ready token
// from the environment (TENANTFORM_TOKEN_<NAME>) wins, then the client secret, then
// the certificate (a PEM file; certificate_env names a variable holding its path).
// Promises: a missing variable or unreadable file is an error diagnostic naming the
// tenant and the variable or file, never a value; such a tenant is not added.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/plan.h"
#include "runtime/graph/graph_client.h"

namespace tf::apply {

void add_plan_tenants(graph::GraphClient& client, const plan::Plan& plan, Diagnostics& diagnostics);

}  // namespace tf::apply
