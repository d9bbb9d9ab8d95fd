// Shared pieces of the plan renderings (see render_common.h).
#include "compiler/plan/render_common.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

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

const std::string* string_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

// "displayName = Join(...)", with what differs from a plain always-flowing mapping.
std::optional<std::string> mapping_line(const nlohmann::json& mapping) {
  if (!mapping.is_object() || !mapping.contains("source")) return std::nullopt;
  const std::string* target = string_at(mapping, "targetAttributeName");
  const std::string* expression = string_at(mapping.at("source"), "expression");
  if (!target || !expression) return std::nullopt;
  std::vector<std::string> notes;
  const std::string* flow = string_at(mapping, "flowType");
  if (flow && *flow == "ObjectAddOnly") notes.push_back("on create only");
  const nlohmann::json priority = mapping.value("matchingPriority", nlohmann::json(0));
  if (priority.is_number_integer() && priority.get<long long>() > 0)
    notes.push_back("matching, priority " + std::to_string(priority.get<long long>()));
  const nlohmann::json fallback = mapping.value("defaultValue", nlohmann::json());
  if (!fallback.is_null() && fallback != "") notes.push_back("default " + value_text(fallback, false));
  std::string line = *target + " = " + *expression;
  for (std::size_t i = 0; i < notes.size(); ++i) line += (i == 0 ? "  (" : ", ") + notes[i];
  return notes.empty() ? line : line + ")";
}

// One scoping filter group: its clauses, all of which must hold.
std::optional<std::string> filter_group_line(const nlohmann::json& group) {
  if (!group.is_object() || !group.contains("clauses") || !group["clauses"].is_array()) return std::nullopt;
  std::string line;
  for (const nlohmann::json& clause : group["clauses"]) {
    const std::string* operand = string_at(clause, "sourceOperandName");
    const std::string* op = string_at(clause, "operatorName");
    if (!operand || !op) return std::nullopt;
    if (!line.empty()) line += " and ";
    line += *operand + " " + *op;
    nlohmann::json values = clause.value("targetOperand", nlohmann::json::object()).value("values", nlohmann::json::array());
    if (values.is_array() && values.size() == 1) line += " " + value_text(values[0], false);
    if (values.is_array() && values.size() > 1) line += " " + value_text(values, false);
  }
  return line.empty() ? "(no clauses)" : line;
}

// Mappings and scoping filters as a reviewer reads them rather than Graph's JSON (the
// JSON plan keeps the payloads): one line per mapping, one per filter group (a user
// is in scope when any group holds). Nothing when the value is not in that shape.
std::optional<std::vector<std::string>> readable_elements(const std::string& path, const nlohmann::json& value) {
  std::vector<std::string> lines;
  if (path == "/attributeMappings" && value.is_array()) {
    for (const nlohmann::json& mapping : value) {
      std::optional<std::string> line = mapping_line(mapping);
      if (!line) return std::nullopt;
      lines.push_back(*line);
    }
    return lines;
  }
  if (path == "/scope" && (value.is_null() || value.is_object())) {
    nlohmann::json groups = value.is_object() ? value.value("groups", nlohmann::json::array()) : nlohmann::json::array();
    if (!groups.is_array()) return std::nullopt;
    if (groups.empty()) lines.push_back("every user (no scoping filter)");
    for (const nlohmann::json& group : groups) {
      std::optional<std::string> line = filter_group_line(group);
      if (!line) return std::nullopt;
      lines.push_back(*line);
    }
    return lines;
  }
  return std::nullopt;
}

std::string list_opening(const std::string& path) {
  return path == "/scope" ? path + ": any of [" : path + ": [";
}

template <typename Element, typename Text>
void element_changes(const std::vector<Element>& before, const std::vector<Element>& after, Text text,
                     std::vector<std::string>& lines) {
  for (const Element& element : before)
    if (std::find(after.begin(), after.end(), element) == after.end()) lines.push_back("    - " + text(element));
  for (const Element& element : after)
    if (std::find(before.begin(), before.end(), element) == before.end()) lines.push_back("    + " + text(element));
}

// "~ /path:" and the elements removed and added, when both sides are lists.
bool list_change_lines(const FieldChange& field, std::vector<std::string>& lines) {
  if (field.sensitive) return false;
  auto readable_before = readable_elements(field.path, field.before);
  auto readable_after = readable_elements(field.path, field.after);
  if (readable_before && readable_after) {
    lines.push_back("~ " + field.path + ":");
    element_changes(*readable_before, *readable_after, [](const std::string& line) { return line; }, lines);
    return true;
  }
  if (!field.before.is_array() || !field.after.is_array()) return false;
  lines.push_back("~ " + field.path + ":");
  std::vector<nlohmann::json> before(field.before.begin(), field.before.end());
  std::vector<nlohmann::json> after(field.after.begin(), field.after.end());
  element_changes(before, after, [](const nlohmann::json& element) { return value_text(element, false); }, lines);
  return true;
}

// "+ /path: value", or for a non-empty list one element per line.
void whole_value_lines(const std::string& symbol, const FieldChange& field, const nlohmann::json& value,
                       std::vector<std::string>& lines) {
  if (field.sensitive) {
    lines.push_back(symbol + " " + field.path + ": " + value_text(value, true));
    return;
  }
  if (auto readable = readable_elements(field.path, value)) {
    lines.push_back(symbol + " " + list_opening(field.path));
    for (const std::string& line : *readable) lines.push_back("    " + line);
    lines.push_back("  ]");
    return;
  }
  if (!value.is_array() || value.empty()) {
    lines.push_back(symbol + " " + field.path + ": " + value_text(value, false));
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
      whole_value_lines("+", field, field_after(change, field), lines);
    } else if (change.action == Action::Delete) {
      whole_value_lines("-", field, field.before, lines);
    } else if (list_change_lines(field, lines)) {
      continue;
    } else {
      lines.push_back("~ " + field.path + ": " + value_text(field.before, field.sensitive) + " -> " +
                      value_text(field.after, field.sensitive));
    }
  }
  return lines;
}

}  // namespace tf::plan
