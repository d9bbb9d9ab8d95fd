// The operators of Entra scoping-filter clauses (shared/reference/expressions.md §8.2):
// their canonical Graph spellings, the UI and backend spellings accepted as aliases,
// and their arity. Lookup never allocates, so the evaluator can resolve a clause's
// operator on every call. Changing a spelling means changing one table in the .cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tf::scope {

enum class FilterOperator {
  Equals,
  NotEquals,
  IsTrue,
  IsFalse,
  IsNull,
  IsNotNull,
  RegexMatch,
  NotRegexMatch,
  GreaterThan,
  GreaterThanOrEquals,
  Includes,
  EndsWith,
  ValueIn,     // "&": the clause value contains the attribute value (UNCONFIRMED reading)
  ValueNotIn,  // "!&"
};

enum class Arity { Unary, Binary };

// The canonical operatorName tenantform writes to Graph ("NOT EQUALS", "GREATER_THAN").
std::string_view operator_name(FilterOperator op);

Arity operator_arity(FilterOperator op);

// The operator a name denotes. Matching is case-insensitive and treats '_' and ' ' as
// the same character, so "Greater_Than", "greater than", "NOT_EQUALS" and "Includes"
// are all recognised (UNCONFIRMED: §8.2 only says the UI spellings are aliases).
std::optional<FilterOperator> operator_from_name(std::string_view name);

// Every canonical name, in table order (for "did you mean" and for documentation).
std::vector<std::string> all_operator_names();

}  // namespace tf::scope
