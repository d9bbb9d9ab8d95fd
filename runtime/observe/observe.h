// Observe: the live tenants read into an ObservedState (compiler/plan/state.h), the
// "what exists" half of a plan. For every tenant of the manifest it reads, in as few
// dependent steps as the Graph surface allows (three: the lists, then each sync app's
// parts, then each job's schema), batched, every tenant's chain of steps moving as its
// own answers arrive, and each sync app built as soon as its reads are in:
//   - partner configurations with their identity sync policies ($expand), for the
//     partners the manifest names (others are ignored);
//   - the service principals instantiated from the cross-tenant sync template:
//     those carrying tenantform's ownership tag become SyncApp/SyncSecrets/SyncJob/
//     SyncSchema/AppRoleAssignments/JobState at the addresses expand uses (or
//     `orphans` when their link is no longer desired); untagged ones whose CompanyId
//     is a desired link's target become blocking notes (they would duplicate it);
//   - the group display names the desired assignments name, resolved to ids.
// Only the managed paths go in `fields` (the desired resource's paths when there is
// one, else every path tenantform can manage for that kind); the rest is in
// `unmanaged`. `version` is the sha256 of the object as read (normalise.h).
//
// Promises: Graph errors become diagnostics (they name tenant, action and request
// id) and observe carries on with everything else; never throws for what a tenant
// returns; the result does not depend on the order Graph lists things in.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/state.h"
#include "runtime/graph/graph_client.h"

namespace tf::observe {

// Registers every tenant of the manifest with the client, with its credential: a
// ready token from the environment (TENANTFORM_TOKEN_<NAME>, auth.h) wins; else the
// client secret (${env:NAME} or a file) or the certificate (a PEM file; ${env:NAME}
// names a variable holding the PEM file's path). A tenant without auth needs the
// ready token. A missing variable or unreadable file is an error diagnostic naming
// the tenant and the variable or file, never a value; such a tenant is not added.
void add_manifest_tenants(graph::GraphClient& client, const manifest::Model& model, Diagnostics& diagnostics);

// Reads every manifest tenant registered with `client` (add_manifest_tenants).
plan::ObservedState observe(graph::GraphClient& client, const manifest::CompiledManifest& compiled,
                            const plan::DesiredState& desired, Diagnostics& diagnostics);

}  // namespace tf::observe
