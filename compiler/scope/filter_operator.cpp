// The operator table of Entra scoping filters and its spelling-tolerant lookup.
#include "compiler/scope/filter_operator.h"

#include <iterator>

namespace tf::scope {

namespace {

struct OperatorRow {
  FilterOperator op;
  std::string_view name;
  Arity arity;
};

// Canonical names: the eight spaced ones are confirmed by Graph's filterOperators
// sample; the underscore ones come from the backend list (§8.2).
constexpr OperatorRow kOperators[] = {
    {FilterOperator::Equals, "EQUALS", Arity::Binary},
    {FilterOperator::NotEquals, "NOT EQUALS", Arity::Binary},
    {FilterOperator::IsTrue, "IS TRUE", Arity::Unary},
    {FilterOperator::IsFalse, "IS FALSE", Arity::Unary},
    {FilterOperator::IsNull, "IS NULL", Arity::Unary},
    {FilterOperator::IsNotNull, "IS NOT NULL", Arity::Unary},
    {FilterOperator::RegexMatch, "REGEX MATCH", Arity::Binary},
    {FilterOperator::NotRegexMatch, "NOT REGEX MATCH", Arity::Binary},
    {FilterOperator::GreaterThan, "GREATER_THAN", Arity::Binary},
    {FilterOperator::GreaterThanOrEquals, "GREATER_THAN_OR_EQUALS", Arity::Binary},
    {FilterOperator::Includes, "INCLUDES", Arity::Binary},
    {FilterOperator::EndsWith, "ENDS_WITH", Arity::Binary},
    {FilterOperator::ValueIn, "&", Arity::Binary},
    {FilterOperator::ValueNotIn, "!&", Arity::Binary},
};

char fold(char c) {
  if (c == '_') return ' ';
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  return c;
}

bool same_spelling(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

const OperatorRow& row(FilterOperator op) {
  static_assert(std::size(kOperators) == static_cast<std::size_t>(FilterOperator::ValueNotIn) + 1);
  return kOperators[static_cast<std::size_t>(op)];
}

}  // namespace

std::string_view operator_name(FilterOperator op) { return row(op).name; }

Arity operator_arity(FilterOperator op) { return row(op).arity; }

std::optional<FilterOperator> operator_from_name(std::string_view name) {
  for (const OperatorRow& r : kOperators)
    if (same_spelling(name, r.name)) return r.op;
  return std::nullopt;
}

std::vector<std::string> all_operator_names() {
  std::vector<std::string> out;
  for (const OperatorRow& r : kOperators) out.emplace_back(r.name);
  return out;
}

}  // namespace tf::scope
