// Shared pieces of the plan renderings (see render_common.h).
#include "compiler/plan/render_common.h"

#include <algorithm>

namespace tf::plan {

const char* action_symbol(Action action) {
  switch (action) {
    case Action::Create:
      return "+";
    case Action::Update:
      return "~";
    case Action::Delete:
      return "-";
    case Action::Replace:
      return "-/+";
  }
  return "?";
}

const char* action_phrase(Action action) {
  switch (action) {
    case Action::Create:
      return "will be created";
    case Action::Update:
      return "will be updated in-place";
    case Action::Delete:
      return "will be destroyed";
    case Action::Replace:
      return "must be replaced";
  }
  return "?";
}

namespace {

std::string or_id(const std::string& name, const std::string& id) {
  return name.empty() ? id : name;
}

// Whether the change is about a path containing `word`: its changed fields, or (when
// it lists none) the fields it sets.
bool mentions(const Change& change, const std::string& word) {
  if (!change.fields.empty())
    return std::any_of(change.fields.begin(), change.fields.end(),
                       [&](const FieldChange& f) { return f.path.find(word) != std::string::npos; });
  const nlohmann::json& fields = change.after.is_object() ? change.after : change.before;
  if (!fields.is_object()) return false;
  for (const auto& [path, value] : fields.items())
    if (path.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string link_label(const Change& change) {
  std::string tenant = or_id(change.tenant, change.tenant_id);
  std::string partner = or_id(change.partner, change.partner_id);
  if (change.link || change.kind != ResourceKind::PartnerConfiguration) {
    if (change.kind == ResourceKind::IdentitySyncPolicy) return partner + " -> " + tenant;
    return tenant + " -> " + partner;
  }
  bool inbound = mentions(change, "inbound"), outbound = mentions(change, "outbound");
  if (inbound && outbound) return tenant + " <-> " + partner;
  return outbound ? tenant + " -> " + partner : partner + " -> " + tenant;
}

std::string change_context(const Change& change) {
  return "tenant '" + or_id(change.tenant, change.tenant_id) + "', link " + link_label(change);
}

PlanCounts count_changes(const Plan& plan) {
  PlanCounts counts;
  for (const Change& change : plan.changes) {
    if (change.action == Action::Create || change.action == Action::Replace) ++counts.add;
    if (change.action == Action::Delete || change.action == Action::Replace) ++counts.destroy;
    if (change.action == Action::Update) ++counts.change;
  }
  return counts;
}

std::string summary_sentence(const Plan& plan) {
  if (plan.empty()) return "No changes. Your tenants match the configuration.";
  PlanCounts c = count_changes(plan);
  return "Plan: " + std::to_string(c.add) + " to add, " + std::to_string(c.change) + " to change, " +
         std::to_string(c.destroy) + " to destroy.";
}

std::string value_text(const nlohmann::json& value, bool sensitive) {
  if (sensitive) return "(sensitive)";
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

void array_lines(const FieldChange& field, std::vector<std::string>& lines) {
  lines.push_back("~ " + field.path + ":");
  for (const nlohmann::json& element : field.before)
    if (std::find(field.after.begin(), field.after.end(), element) == field.after.end())
      lines.push_back("    - " + value_text(element, false));
  for (const nlohmann::json& element : field.after)
    if (std::find(field.before.begin(), field.before.end(), element) == field.before.end())
      lines.push_back("    + " + value_text(element, false));
}

// "+ /path: value", or for a non-empty array one element per line.
void whole_value_lines(const std::string& symbol, const FieldChange& field, const nlohmann::json& value,
                       std::vector<std::string>& lines) {
  if (!value.is_array() || value.empty() || field.sensitive) {
    lines.push_back(symbol + " " + field.path + ": " + value_text(value, field.sensitive));
    return;
  }
  lines.push_back(symbol + " " + field.path + ": [");
  for (std::size_t i = 0; i < value.size(); ++i)
    lines.push_back("    " + value_text(value[i], false) + (i + 1 < value.size() ? "," : ""));
  lines.push_back("  ]");
}

}  // namespace

std::vector<std::string> field_lines(const Change& change) {
  std::vector<std::string> lines;
  for (const FieldChange& field : change.fields) {
    if (change.action == Action::Create) {
      whole_value_lines("+", field, field.after, lines);
    } else if (change.action == Action::Delete) {
      whole_value_lines("-", field, field.before, lines);
    } else if (field.before.is_array() && field.after.is_array() && !field.sensitive) {
      array_lines(field, lines);
    } else {
      lines.push_back("~ " + field.path + ": " + value_text(field.before, field.sensitive) + " -> " +
                      value_text(field.after, field.sensitive));
    }
  }
  return lines;
}

}  // namespace tf::plan
