// Saved plans (`tenantform plan --out FILE`, read by `show` and `apply`): the whole
// Plan as one JSON document, with every field apply needs (actions, field changes,
// ids, versions, tenants' connection settings: names of variables and files only).
//
//   {"tenantform_plan": true, "format_version": 1, "tool_version", "manifest_hash",
//    "allow_destroy", "tenants": [...], "changes": [...], "versions": {...}, "notes": [...]}
//
// Promises: load_plan(save_plan(p)) == p field for field; load_plan never throws and
// never crashes on any input: invalid JSON, a foreign document (a Terraform plan, any
// JSON without "tenantform_plan"), a newer format_version, or a missing or mistyped
// field is an error naming the JSON path ("changes[3].action"), and nullopt.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/plan.h"

namespace tf::plan {

// Pretty-printed JSON with a final newline.
std::string save_plan(const Plan& plan);

std::optional<Plan> load_plan(const std::string& text, Diagnostics& diagnostics);

std::optional<Action> action_from_name(const std::string& name);

}  // namespace tf::plan
