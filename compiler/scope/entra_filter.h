// The Entra scoping filter as Graph stores it (objectMapping.scope,
// shared/reference/expressions.md §8.1): an OR of named groups, each an AND of
// clauses; no groups means every object is in scope. This one model is shared by the
// compiler (which produces it), the emulator (which evaluates it on source users) and
// the planner (which compares it with what a tenant holds).
//
// Promises: filter_from_json never throws and reports malformed input as a message;
// known operator names are normalised to their canonical spelling on the way in;
// to_json writes Graph's exact shape; in_scope implements §8.2 for every operator and
// allocates nothing for the non-regex operators.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compiler/core/attributes.h"

namespace tf::scope {

struct FilterClause {
  std::string operator_name;   // canonical when known ("NOT EQUALS"); kept verbatim otherwise
  std::string source_operand;  // the source attribute, case-sensitive
  std::vector<std::string> values;  // targetOperand.values: one for binary operators, none for unary

  bool operator==(const FilterClause&) const = default;
};

struct FilterGroup {  // all clauses must hold (AND)
  std::string name;
  std::vector<FilterClause> clauses;

  bool operator==(const FilterGroup&) const = default;
};

struct EntraFilter {  // any group may hold (OR); no groups = everything is in scope
  std::vector<FilterGroup> groups;

  bool operator==(const EntraFilter&) const = default;
};

// {"groups":[{"name","clauses":[{"operatorName","sourceOperandName",
//  "targetOperand":{"values":[...]}}]}],"inputFilterGroups":[],"categoryFilterGroups":[]}
nlohmann::json to_json(const EntraFilter& filter);

struct FilterFromJson {
  EntraFilter filter;
  std::string error;  // empty on success; otherwise says where ("groups[1].clauses[0]: ...")
};
// Reads Graph's shape; `null` (Graph's "no scope") reads as the empty filter.
// inputFilterGroups/categoryFilterGroups are accepted and ignored when empty, and
// reported when not (tenantform does not manage them).
FilterFromJson filter_from_json(const nlohmann::json& json);

// Whether one clause holds for these attributes. An unknown operator never holds
// (validate_filter reports it).
bool clause_holds(const FilterClause& clause, const Attributes& attributes);

// Whether an object with these attributes is in scope of the filter.
bool in_scope(const EntraFilter& filter, const Attributes& attributes);

}  // namespace tf::scope
