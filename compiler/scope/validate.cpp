// validate_filter: one pass over the clauses, each check a small function that
// returns its message ("" when the clause passes).
#include "compiler/scope/validate.h"

#include <charconv>

#include "compiler/core/regex.h"
#include "compiler/scope/attribute_rules.h"
#include "compiler/scope/filter_operator.h"

namespace tf::scope {

namespace {

struct Problem {
  std::string message;
  std::string code;
};

bool is_integer(std::string_view text) {
  std::int64_t value = 0;
  auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size();
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

Problem check_arity(FilterOperator op, const FilterClause& clause) {
  std::size_t want = operator_arity(op) == Arity::Unary ? 0 : 1;
  if (clause.values.size() == want) return {};
  std::string expected = want == 0 ? "no value" : "exactly one value";
  return {quoted(operator_name(op)) + " takes " + expected + ", found " + std::to_string(clause.values.size()),
          "scope-arity"};
}

Problem check_value(FilterOperator op, const FilterClause& clause) {
  if (clause.values.size() != 1) return {};
  const std::string& value = clause.values.front();
  if (op == FilterOperator::RegexMatch || op == FilterOperator::NotRegexMatch) {
    std::string error;
    if (!Regex::compile(value, error))
      return {"invalid regular expression " + quoted(value) + " in " + quoted(operator_name(op)) + ": " + error,
              "scope-invalid-regex"};
  }
  if ((op == FilterOperator::GreaterThan || op == FilterOperator::GreaterThanOrEquals) && !is_integer(value))
    return {quoted(operator_name(op)) + " compares integers, found " + quoted(value) +
                "; write a whole number such as '1000'",
            "scope-not-integer"};
  return {};
}

Problem check_type(FilterOperator op, const FilterClause& clause) {
  AttributeType type = known_attribute_type(clause.source_operand);
  bool truth = op == FilterOperator::IsTrue || op == FilterOperator::IsFalse;
  if (truth && type == AttributeType::String)
    return {quoted(operator_name(op)) + " tests a Boolean attribute, but " + quoted(clause.source_operand) +
                " is a string attribute; compare its text with 'EQUALS' instead",
            "scope-type"};
  bool numeric = op == FilterOperator::GreaterThan || op == FilterOperator::GreaterThanOrEquals;
  if (numeric && type == AttributeType::Boolean)
    return {quoted(operator_name(op)) + " compares integers, but " + quoted(clause.source_operand) +
                " is a Boolean attribute; use 'IS TRUE' or 'IS FALSE'",
            "scope-type"};
  return {};
}

Problem check_attribute(const FilterClause& clause) {
  if (clause.source_operand.empty()) return {"a clause needs a source attribute ('sourceOperandName')", "scope-attribute"};
  std::string why = scoping_restriction(clause.source_operand);
  if (!why.empty()) return {why, "scope-unsupported-attribute"};
  std::string known = case_mismatch(clause.source_operand);
  if (!known.empty())
    return {"unknown attribute " + quoted(clause.source_operand) + "; attribute names are case-sensitive: did you mean " +
                quoted(known) + "?",
            "scope-attribute-case"};
  return {};
}

std::vector<Problem> check_clause(const FilterClause& clause) {
  std::vector<Problem> out;
  out.push_back(check_attribute(clause));
  auto op = operator_from_name(clause.operator_name);
  if (!op) {
    out.push_back({"unknown scoping operator " + quoted(clause.operator_name) +
                       did_you_mean(clause.operator_name, all_operator_names()),
                   "scope-unknown-operator"});
    return out;
  }
  out.push_back(check_arity(*op, clause));
  out.push_back(check_value(*op, clause));
  out.push_back(check_type(*op, clause));
  return out;
}

}  // namespace

bool validate_filter(const EntraFilter& filter, Diagnostics& diagnostics, const Location& where) {
  std::size_t before = diagnostics.error_count();
  for (std::size_t g = 0; g < filter.groups.size(); ++g) {
    const FilterGroup& group = filter.groups[g];
    std::string label = group.name.empty() ? "group " + std::to_string(g + 1) : "group " + quoted(group.name);
    if (group.clauses.empty())
      diagnostics.warning(where, label + " has no clauses, so it puts every user in scope", "scope-empty-group");
    for (std::size_t c = 0; c < group.clauses.size(); ++c)
      for (const Problem& problem : check_clause(group.clauses[c]))
        if (!problem.message.empty())
          diagnostics.error(where, label + ", clause " + std::to_string(c + 1) + ": " + problem.message, problem.code);
  }
  return diagnostics.error_count() == before;
}

}  // namespace tf::scope
