// What the three plan renderings (render_text.h, render_json.h, render_markdown.h)
// share: the words and symbols of each action, the link an object serves, the
// counts of the summary line, and the lines that show one change's fields. Values
// are printed as compact JSON (never throwing on bad UTF-8); a sensitive value is
// always "(sensitive)".
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/plan.h"

namespace tf::plan {

// "+", "~", "-", "-/+".
const char* action_symbol(Action action);
// "will be created", "will be updated in-place", "will be destroyed", "must be replaced".
const char* action_phrase(Action action);

// The link a change serves, by local names: "contoso -> fabrikam"; a partner
// configuration whose changed fields serve both directions gives "contoso <-> fabrikam".
std::string link_label(const Change& change);

// "tenant 'fabrikam', link contoso -> fabrikam"
std::string change_context(const Change& change);

struct PlanCounts {
  int add = 0, change = 0, destroy = 0;  // a replace counts as one add and one destroy
};
PlanCounts count_changes(const Plan& plan);

// "Plan: 1 to add, 2 to change, 0 to destroy." or "No changes. Your tenants match the configuration."
std::string summary_sentence(const Plan& plan);

// Compact JSON, or "(sensitive)".
std::string value_text(const nlohmann::json& value, bool sensitive);

// The field lines of a change, without indentation: "~ /path: false -> true",
// "+ /path: value", "- /path: value" (a created or destroyed array one element per
// line); an updated array shows the elements removed and added:
// "~ /principals:", "    - \"id\"", "    + \"id\"". Attribute mappings read as
// "displayName = Join(...)  (on create only)" and a scoping filter as one line per
// group, "/scope: any of [", "    accountEnabled IS TRUE and country EQUALS \"US\"".
std::vector<std::string> field_lines(const Change& change);

}  // namespace tf::plan
