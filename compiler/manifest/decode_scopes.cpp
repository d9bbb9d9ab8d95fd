// Decoding `scopes:`: assigned_only, groups (display names or object ids) and filter,
// which is either a string in the readable filter language (compiled later by
// compiler/scope) or raw Entra clauses {operator, attribute, value}: a list of clauses
// is one group (all must hold), a list of lists is several groups (any may hold).
// Operator names and the attributes scoping cannot use come from compiler/scope
// (filter_operator.h, attribute_rules.h): spellings are matched without regard to
// case, '_' and ' ', so the portal's 'Greater_Than' is GREATER_THAN.
#include "compiler/manifest/decode.h"
#include "compiler/manifest/formats.h"
#include "compiler/manifest/languages.h"
#include "compiler/scope/attribute_rules.h"
#include "compiler/scope/filter_operator.h"

namespace tf::manifest {

namespace {

// Why a scoping filter cannot use `attribute` ("" when it can), from compiler/scope.
std::string attribute_problem(const std::string& attribute) {
  std::string why = scope::scoping_restriction(attribute);
  if (!why.empty()) return why;
  std::string known = scope::case_mismatch(attribute);
  if (!known.empty())
    return "unknown attribute '" + attribute + "'; attribute names are case-sensitive: did you mean '" + known + "'?";
  return {};
}

void report_unknown_operator(const YamlNode& node, const std::string& text, const std::string& owner,
                             Decoder& decoder) {
  std::vector<std::string> names = scope::all_operator_names();
  std::string hint = did_you_mean(text, names);
  decoder.diagnostics().error(text_location(node),
                              "unknown scoping operator '" + text + "' in " + owner +
                                  (hint.empty() ? "; expected one of " + one_of(names) : hint),
                              "bad-operator");
}

std::optional<RawClause> decode_clause(const YamlNode& node, const std::string& scope_name, Decoder& decoder) {
  std::string owner = "a filter clause of scope '" + scope_name + "'";
  if (!decoder.mapping(node, owner, "a clause {operator, attribute, value}")) return std::nullopt;
  decoder.known_keys(node, {"operator", "attribute", "value"}, owner);
  RawClause clause;
  clause.location = node.location;
  std::size_t errors_before = decoder.diagnostics().error_count();
  const YamlNode* op = decoder.required(node, "operator", owner, node.location, "add e.g. 'operator: EQUALS'");
  const YamlNode* attribute = decoder.required(node, "attribute", owner, node.location);
  std::optional<scope::FilterOperator> spec;
  if (op) {
    std::optional<std::string> text = decoder.text(*op, field("operator", owner));
    if (text && !(spec = scope::operator_from_name(*text))) report_unknown_operator(*op, *text, owner, decoder);
    if (spec) clause.operator_name = std::string(scope::operator_name(*spec));
  }
  if (attribute) {
    clause.attribute = decoder.text(*attribute, field("attribute", owner)).value_or("");
    if (std::string problem = attribute_problem(clause.attribute); !problem.empty())
      decoder.diagnostics().error(text_location(*attribute), problem, "bad-attribute");
    else if (std::string warning = filter_attribute_warning(clause.attribute); !warning.empty())
      decoder.diagnostics().warning(text_location(*attribute), warning, "scope-unknown-attribute");
  }
  const YamlNode* value = node.find("value");
  bool unary = spec && scope::operator_arity(*spec) == scope::Arity::Unary;
  if (spec && unary && value)
    decoder.diagnostics().error(text_location(*value),
                                "operator '" + clause.operator_name + "' takes no 'value'; remove it", "bad-value");
  if (spec && !unary && !value)
    decoder.diagnostics().error(node.location,
                                "operator '" + clause.operator_name + "' needs a 'value' to compare with",
                                "missing-key");
  if (spec && !unary && value) {
    clause.value = decoder.text(*value, field("value", owner));
    clause.value_location = text_location(*value);
  }
  clause.complete = decoder.diagnostics().error_count() == errors_before;
  return clause;
}

std::vector<RawClause> decode_group(const YamlNode& node, const std::string& scope_name, Decoder& decoder) {
  std::vector<RawClause> group;
  for (const YamlNode& item : node.items)
    if (std::optional<RawClause> clause = decode_clause(item, scope_name, decoder)) group.push_back(std::move(*clause));
  return group;
}

ScopeFilter decode_raw_filter(const YamlNode& node, const std::string& scope_name, Decoder& decoder) {
  ScopeFilter filter;
  filter.location = node.location;
  if (node.items.empty()) return filter;  // no groups: no attribute filtering
  bool nested = node.items.front().is_sequence();
  if (!nested) {
    filter.raw_groups.push_back(decode_group(node, scope_name, decoder));
    return filter;
  }
  for (const YamlNode& item : node.items) {
    if (!item.is_sequence()) {
      decoder.wrong_type(item, "a group of 'filter' of scope '" + scope_name + "'",
                         "a list of clauses (the first item is a list, so every item is a group)");
      continue;
    }
    filter.raw_groups.push_back(decode_group(item, scope_name, decoder));
  }
  return filter;
}

std::optional<ScopeFilter> decode_filter(const YamlNode& node, const std::string& scope_name, Decoder& decoder) {
  if (node.is_null()) return std::nullopt;
  if (node.is_sequence()) return decode_raw_filter(node, scope_name, decoder);
  std::optional<LocatedString> text = decoder.located(
      node, field("filter", "scope '" + scope_name + "'"), "a filter (a string) or a list of clauses");
  if (!text) return std::nullopt;
  return ScopeFilter{std::move(text), {}, node.location, std::nullopt};
}

std::vector<GroupRef> decode_groups(const YamlNode& node, const std::string& owner, Decoder& decoder) {
  std::vector<GroupRef> out;
  auto items = decoder.text_items(node, field("groups", owner), "a list of group names or ids");
  for (const YamlNode* item : items.value_or(std::vector<const YamlNode*>{})) {
    if (item->text().empty()) {
      decoder.diagnostics().error(item->location, "a group of " + owner + " is empty; write its name or id",
                                  "bad-value");
      continue;
    }
    out.push_back(GroupRef{item->text(), is_guid(item->text()), text_location(*item)});
  }
  return out;
}

}  // namespace

Scope decode_scope(const Definition& definition, Decoder& decoder) {
  Scope scope;
  scope.name = definition.name;
  scope.location = definition.name_location;
  std::string owner = "scope '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (body.is_null()) return scope;  // assigned users only
  if (!decoder.mapping(body, owner, "a mapping with 'assigned_only', 'groups' or 'filter'")) return scope;
  decoder.known_keys(body, {"assigned_only", "groups", "filter"}, owner);
  if (const YamlNode* a = body.find("assigned_only"))
    scope.assigned_only = decoder.boolean(*a, field("assigned_only", owner)).value_or(true);
  if (const YamlNode* g = body.find("groups")) scope.groups = decode_groups(*g, owner, decoder);
  if (const YamlNode* f = body.find("filter")) scope.filter = decode_filter(*f, definition.name, decoder);
  if (!scope.assigned_only && !scope.groups.empty())
    decoder.diagnostics().warning(body.find("groups")->location,
                                  "'groups' of " + owner + " are ignored because 'assigned_only' is false "
                                  "(every user of the source tenant is in scope)",
                                  "ignored-groups");
  return scope;
}

}  // namespace tf::manifest
