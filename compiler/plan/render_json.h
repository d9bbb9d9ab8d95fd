// The plan as a versioned JSON document shaped like Terraform's `show -json` plan, so
// conftest/OPA policies written for Terraform plans read it the same way:
//   {"format_version": "1.0", "tool_version", "manifest_hash", "allow_destroy",
//    "summary": {"add", "change", "destroy"},
//    "resource_changes": [{"address", "type", "tenant", "tenant_id", "partner",
//        "partner_id", "link", "drift", "reason", "depends_on",
//        "change": {"actions": ["create"] | ["update"] | ["delete"] |
//                   ["delete", "create"], "before", "after",
//                   "fields": [{"path", "before", "after", "sensitive"}]}}],
//    "drift": [the entries of resource_changes that restore drift],
//    "versions": {address: version}, "notes": [{"address", "message", "blocking"}]}
// Sensitive values are replaced by "(sensitive)" in before/after and in fields.
// schemas/plan.schema.json describes it; `format_version` changes when a field is
// renamed or removed (additions keep it).
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/plan/plan.h"

namespace tf::plan {

inline constexpr const char* kJsonFormatVersion = "1.0";

nlohmann::json plan_to_json_document(const Plan& plan);

// The document, pretty-printed with two spaces and a final newline.
std::string render_plan_json(const Plan& plan);

}  // namespace tf::plan
