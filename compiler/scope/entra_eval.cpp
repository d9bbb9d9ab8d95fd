// in_scope: Entra's scoping-filter semantics (shared/reference/expressions.md §8.2).
//
// Values are compared through their text: a Boolean as True/False, an Integer in
// decimal. Null and empty make every operator false except IS NULL (true). A
// multi-valued attribute follows Graph's multivaluedComparisonType "All": a clause
// holds when the list has at least one value and every value satisfies it (so the
// vector "EQUALS on a two-valued proxyAddresses" is false); IS NULL holds for a list
// with no non-empty value. The text of a value is a view (integers are printed into a
// stack buffer), so no operator other than the regex ones allocates, and regexes come
// from the per-thread cache of compiler/core/regex.h.
#include <array>
#include <charconv>

#include "compiler/core/regex.h"
#include "compiler/scope/entra_filter.h"
#include "compiler/scope/filter_operator.h"

namespace tf::scope {

namespace {

using Buffer = std::array<char, 24>;

// The text of a single value; empty for null.
std::string_view text_of(const AttributeValue& value, Buffer& buffer) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "True" : "False";
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *i);
    return {buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())};
  }
  return {};
}

// A decimal integer with an optional leading '-' and nothing else.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t out = 0;
  if (text.empty()) return std::nullopt;
  auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

bool regex_holds(std::string_view pattern, std::string_view text) {
  std::string error;
  const Regex* regex = Regex::cached(pattern, error);
  return regex != nullptr && regex->search(text);
}

bool compare_integers(std::string_view text, std::string_view target, bool or_equal) {
  auto v = parse_integer(text);
  auto t = parse_integer(target);
  if (!v || !t) return false;
  return or_equal ? *v >= *t : *v > *t;
}

// A binary or truth operator on one non-empty text value.
bool value_holds(FilterOperator op, std::string_view v, std::string_view t) {
  switch (op) {
    case FilterOperator::Equals: return v == t;
    case FilterOperator::NotEquals: return v != t;
    case FilterOperator::IsTrue: return v == "True";
    case FilterOperator::IsFalse: return v == "False";
    case FilterOperator::IsNull: return false;
    case FilterOperator::IsNotNull: return true;
    case FilterOperator::RegexMatch: return regex_holds(t, v);
    case FilterOperator::NotRegexMatch: {
      std::string error;
      const Regex* regex = Regex::cached(t, error);
      return regex != nullptr && !regex->search(v);
    }
    case FilterOperator::GreaterThan: return compare_integers(v, t, false);
    case FilterOperator::GreaterThanOrEquals: return compare_integers(v, t, true);
    case FilterOperator::Includes: return v.find(t) != std::string_view::npos;
    case FilterOperator::EndsWith: return v.ends_with(t);
    case FilterOperator::ValueIn: return t.find(v) != std::string_view::npos;
    case FilterOperator::ValueNotIn: return t.find(v) == std::string_view::npos;
  }
  return false;
}

bool is_empty_value(const AttributeValue* value) {
  if (value == nullptr || is_null(*value)) return true;
  if (const auto* s = std::get_if<std::string>(value)) return s->empty();
  if (const auto* m = std::get_if<std::vector<std::string>>(value)) {
    for (const std::string& item : *m)
      if (!item.empty()) return false;
    return true;
  }
  return false;
}

bool multi_holds(FilterOperator op, const std::vector<std::string>& values, std::string_view t) {
  for (const std::string& v : values)
    if (v.empty() || !value_holds(op, v, t)) return false;
  return true;
}

}  // namespace

bool clause_holds(const FilterClause& clause, const Attributes& attributes) {
  auto op = operator_from_name(clause.operator_name);
  if (!op) return false;
  const AttributeValue* value = find_attribute(attributes, clause.source_operand);
  bool empty = is_empty_value(value);
  if (*op == FilterOperator::IsNull) return empty;
  if (*op == FilterOperator::IsNotNull) return !empty;
  if (empty) return false;
  std::string_view target;
  if (operator_arity(*op) == Arity::Binary) {
    if (clause.values.empty()) return false;
    target = clause.values.front();
  }
  if (const auto* m = std::get_if<std::vector<std::string>>(value)) return multi_holds(*op, *m, target);
  Buffer buffer;
  return value_holds(*op, text_of(*value, buffer), target);
}

bool in_scope(const EntraFilter& filter, const Attributes& attributes) {
  if (filter.groups.empty()) return true;
  for (const FilterGroup& group : filter.groups) {
    bool all = true;
    for (const FilterClause& clause : group.clauses)
      if (!clause_holds(clause, attributes)) {
        all = false;
        break;
      }
    if (all) return true;
  }
  return false;
}

}  // namespace tf::scope
