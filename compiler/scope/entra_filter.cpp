// The JSON form of Entra scoping filters, in Graph's exact shape.
#include "compiler/scope/entra_filter.h"

#include <nlohmann/json.hpp>

#include "compiler/scope/filter_operator.h"

namespace tf::scope {

namespace {

nlohmann::json clause_to_json(const FilterClause& clause) {
  return {{"operatorName", clause.operator_name},
          {"sourceOperandName", clause.source_operand},
          {"targetOperand", {{"values", clause.values}}}};
}

// Each reader returns an error message ("" on success) naming the JSON path.
std::string read_string(const nlohmann::json& object, const char* key, const std::string& where, std::string& out,
                        bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return required ? where + ": missing '" + key + "'" : std::string();
  }
  if (!it->is_string()) return where + ": '" + key + "' must be a string, found " + it->type_name();
  out = it->get<std::string>();
  return {};
}

std::string read_values(const nlohmann::json& clause, const std::string& where, std::vector<std::string>& out) {
  auto operand = clause.find("targetOperand");
  if (operand == clause.end() || operand->is_null()) return {};
  if (!operand->is_object()) return where + ": 'targetOperand' must be an object, found " + operand->type_name();
  auto values = operand->find("values");
  if (values == operand->end() || values->is_null()) return {};
  if (!values->is_array()) return where + ": 'targetOperand.values' must be an array, found " + values->type_name();
  for (const auto& v : *values) {
    if (!v.is_string()) return where + ": 'targetOperand.values' must hold strings, found " + v.type_name();
    out.push_back(v.get<std::string>());
  }
  return {};
}

std::string read_clause(const nlohmann::json& json, const std::string& where, FilterClause& out) {
  if (!json.is_object()) return where + ": a clause must be an object, found " + json.type_name();
  std::string error = read_string(json, "operatorName", where, out.operator_name, true);
  if (error.empty()) error = read_string(json, "sourceOperandName", where, out.source_operand, true);
  if (error.empty()) error = read_values(json, where, out.values);
  if (auto op = operator_from_name(out.operator_name)) out.operator_name = std::string(operator_name(*op));
  return error;
}

std::string read_group(const nlohmann::json& json, const std::string& where, FilterGroup& out) {
  if (!json.is_object()) return where + ": a group must be an object, found " + json.type_name();
  std::string error = read_string(json, "name", where, out.name, false);
  if (!error.empty()) return error;
  auto clauses = json.find("clauses");
  if (clauses == json.end() || clauses->is_null()) return {};
  if (!clauses->is_array()) return where + ": 'clauses' must be an array, found " + clauses->type_name();
  for (std::size_t i = 0; i < clauses->size(); ++i) {
    FilterClause clause;
    error = read_clause((*clauses)[i], where + ".clauses[" + std::to_string(i) + "]", clause);
    if (!error.empty()) return error;
    out.clauses.push_back(std::move(clause));
  }
  return {};
}

// inputFilterGroups and categoryFilterGroups are experimental and unmanaged.
std::string check_unmanaged(const nlohmann::json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return {};
  if (!it->is_array()) return std::string("'") + key + "' must be an array, found " + it->type_name();
  if (!it->empty())
    return std::string("'") + key + "' holds " + std::to_string(it->size()) +
           " group(s); tenantform manages only 'groups' (move the clauses there)";
  return {};
}

}  // namespace

nlohmann::json to_json(const EntraFilter& filter) {
  nlohmann::json groups = nlohmann::json::array();
  for (const FilterGroup& group : filter.groups) {
    nlohmann::json clauses = nlohmann::json::array();
    for (const FilterClause& clause : group.clauses) clauses.push_back(clause_to_json(clause));
    groups.push_back({{"name", group.name}, {"clauses", std::move(clauses)}});
  }
  return {{"groups", std::move(groups)},
          {"inputFilterGroups", nlohmann::json::array()},
          {"categoryFilterGroups", nlohmann::json::array()}};
}

FilterFromJson filter_from_json(const nlohmann::json& json) {
  FilterFromJson out;
  if (json.is_null()) return out;
  if (!json.is_object()) {
    out.error = std::string("a scope filter must be an object or null, found ") + json.type_name();
    return out;
  }
  for (const char* key : {"inputFilterGroups", "categoryFilterGroups"}) {
    out.error = check_unmanaged(json, key);
    if (!out.error.empty()) return out;
  }
  auto groups = json.find("groups");
  if (groups == json.end() || groups->is_null()) return out;
  if (!groups->is_array()) {
    out.error = std::string("'groups' must be an array, found ") + groups->type_name();
    return out;
  }
  for (std::size_t i = 0; i < groups->size(); ++i) {
    FilterGroup group;
    out.error = read_group((*groups)[i], "groups[" + std::to_string(i) + "]", group);
    if (!out.error.empty()) {
      out.filter = {};
      return out;
    }
    out.filter.groups.push_back(std::move(group));
  }
  return out;
}

}  // namespace tf::scope
