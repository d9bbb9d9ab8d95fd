// Expansion: a compiled manifest's directed links become the desired state, the
// Graph objects that must exist in every tenant (DESIGN.md "Desired state of one
// link"). Each link source -> target yields, in creation order: in the target the
// partner configuration for the source (inbound auto-consent) and the identity sync
// policy; in the source the partner configuration for the target (outbound
// auto-consent), the sync app, its secrets, job, schema, app-role assignments and
// the job's state. Per-pair resources (partner configurations, identity sync
// policies) are shared by the links that need them and merged field by field.
//
// Promises: the result is sorted by address with unique addresses, every
// depends_on names a resource of the result, and the same manifest always gives
// the same bytes. Problems (a ${source.domain} of a tenant with no domain, ...)
// are diagnostics at the manifest location; expand never throws for bad input.
// Resources of a link whose mapping could not be expanded are still produced,
// with the failing attribute left out, so later stages see every other error.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/state.h"

namespace tf::plan {

DesiredState expand(const manifest::CompiledManifest& compiled, Diagnostics& diagnostics);

// The display name given to a link's sync app: carries the target's name and id so
// it stays unique and readable ("tenantform sync to fabrikam (<target id>)").
std::string sync_app_display_name(const std::string& target_name, const std::string& target_id);

}  // namespace tf::plan
