// The direct evaluator: atoms through clause_holds(), connectives classically.
#include "compiler/scope/evaluate.h"


#include "compiler/scope/filter_operator.h"

namespace tf::scope {

namespace {

bool holds(FilterOperator op, const Atom& atom, const std::string& value, const Attributes& attributes) {
  FilterClause clause{std::string(operator_name(op)), atom.attribute, {}};
  if (operator_arity(op) == Arity::Binary) clause.values.push_back(value);
  return clause_holds(clause, attributes);
}

bool holds(FilterOperator op, const Atom& atom, const Attributes& attributes) {
  return holds(op, atom, atom.values.empty() ? std::string() : atom.values.front().text, attributes);
}

// a < n is not (a >= n) on integers; false unless a is an integer.
bool less(const Atom& atom, const Attributes& attributes, bool or_equal) {
  bool is_integer = holds(FilterOperator::GreaterThanOrEquals, atom, "-9223372036854775808", attributes);
  if (!is_integer) return false;
  return !holds(or_equal ? FilterOperator::GreaterThan : FilterOperator::GreaterThanOrEquals, atom, attributes);
}

}  // namespace

bool atom_holds(const Atom& atom, const Attributes& attributes) {
  switch (atom.kind) {
    case AtomKind::Equals: return holds(FilterOperator::Equals, atom, attributes);
    case AtomKind::NotEquals: return holds(FilterOperator::NotEquals, atom, attributes);
    case AtomKind::In:
      for (const Literal& value : atom.values)
        if (holds(FilterOperator::Equals, atom, value.text, attributes)) return true;
      return false;
    case AtomKind::Matches: return holds(FilterOperator::RegexMatch, atom, attributes);
    case AtomKind::IsTrue: return holds(FilterOperator::IsTrue, atom, attributes);
    case AtomKind::IsFalse: return holds(FilterOperator::IsFalse, atom, attributes);
    case AtomKind::IsNull: return holds(FilterOperator::IsNull, atom, attributes);
    case AtomKind::IsNotNull: return holds(FilterOperator::IsNotNull, atom, attributes);
    case AtomKind::IsNotTrue: return !holds(FilterOperator::IsTrue, atom, attributes);
    case AtomKind::IsNotFalse: return !holds(FilterOperator::IsFalse, atom, attributes);
    case AtomKind::Greater: return holds(FilterOperator::GreaterThan, atom, attributes);
    case AtomKind::GreaterEqual: return holds(FilterOperator::GreaterThanOrEquals, atom, attributes);
    case AtomKind::Less: return less(atom, attributes, false);
    case AtomKind::LessEqual: return less(atom, attributes, true);
  }
  return false;
}

bool evaluate_filter(const Node& node, const Attributes& attributes) {
  if (const auto* atom = std::get_if<Atom>(&node.value)) return atom_holds(*atom, attributes);
  if (const auto* negation = std::get_if<Not>(&node.value)) return !evaluate_filter(*negation->operand, attributes);
  if (const auto* conjunction = std::get_if<And>(&node.value)) {
    for (const NodePtr& operand : conjunction->operands)
      if (!evaluate_filter(*operand, attributes)) return false;
    return true;
  }
  for (const NodePtr& operand : std::get<Or>(node.value).operands)
    if (evaluate_filter(*operand, attributes)) return true;
  return false;
}

}  // namespace tf::scope
