// The cross-element rules of check.h, run on decoded elements: every referenced
// tenant, mapping, scope and threshold exists (else an error with a suggestion); no
// tenant is linked to itself (a hub listing its hub as a spoke, a link from a tenant
// to itself); no list names a tenant twice; a mesh has at least two members; a mesh's
// per-source override names one of its members; no two tenants share an id. Mappings,
// scopes and thresholds that nothing uses get a warning, unless `diagnostics` already
// holds an error (a misspelt reference would make its target look unused).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/model.h"

namespace tf::manifest {

void check_references(const Model& model, Diagnostics& diagnostics);

}  // namespace tf::manifest
