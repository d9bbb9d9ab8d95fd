// DNF construction (rewrites of negated atoms, distribution of AND over OR) and the
// exact simplifications listed in dnf.h.
#include "compiler/scope/dnf.h"

#include <algorithm>
#include <limits>

#include "compiler/scope/filter_operator.h"

namespace tf::scope {

namespace {

constexpr std::uint64_t kSaturated = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) { return a > kSaturated - b ? kSaturated : a + b; }

std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kSaturated / b ? kSaturated : a * b;
}

FilterClause clause(FilterOperator op, const Atom& atom, std::string value = {}) {
  FilterClause out{std::string(operator_name(op)), atom.attribute, {}};
  if (operator_arity(op) == Arity::Binary) out.values.push_back(std::move(value));
  return out;
}

std::string first_value(const Atom& atom) { return atom.values.empty() ? std::string() : atom.values.front().text; }

Dnf single(FilterClause c) { return Dnf{Clauses{std::move(c)}}; }

// X or a IS NULL
Dnf or_null(Clauses x, const Atom& atom) { return Dnf{std::move(x), Clauses{clause(FilterOperator::IsNull, atom)}}; }

Dnf positive_atom(const Atom& atom) {
  switch (atom.kind) {
    case AtomKind::Equals: return single(clause(FilterOperator::Equals, atom, first_value(atom)));
    case AtomKind::NotEquals: return single(clause(FilterOperator::NotEquals, atom, first_value(atom)));
    case AtomKind::In: {
      Dnf out;
      for (const Literal& v : atom.values) out.push_back(Clauses{clause(FilterOperator::Equals, atom, v.text)});
      return out;
    }
    case AtomKind::Matches: return single(clause(FilterOperator::RegexMatch, atom, first_value(atom)));
    case AtomKind::IsTrue: return single(clause(FilterOperator::IsTrue, atom));
    case AtomKind::IsFalse: return single(clause(FilterOperator::IsFalse, atom));
    case AtomKind::IsNull: return single(clause(FilterOperator::IsNull, atom));
    case AtomKind::IsNotNull: return single(clause(FilterOperator::IsNotNull, atom));
    case AtomKind::IsNotTrue: return or_null(Clauses{clause(FilterOperator::IsFalse, atom)}, atom);
    case AtomKind::IsNotFalse: return or_null(Clauses{clause(FilterOperator::IsTrue, atom)}, atom);
    case AtomKind::Greater: return single(clause(FilterOperator::GreaterThan, atom, first_value(atom)));
    case AtomKind::GreaterEqual: return single(clause(FilterOperator::GreaterThanOrEquals, atom, first_value(atom)));
    case AtomKind::Less:
    case AtomKind::LessEqual: return {};
  }
  return {};
}

Dnf negated_atom(const Atom& atom) {
  switch (atom.kind) {
    case AtomKind::Equals: return or_null(Clauses{clause(FilterOperator::NotEquals, atom, first_value(atom))}, atom);
    case AtomKind::NotEquals: return or_null(Clauses{clause(FilterOperator::Equals, atom, first_value(atom))}, atom);
    case AtomKind::In: {
      Clauses all;
      for (const Literal& v : atom.values) all.push_back(clause(FilterOperator::NotEquals, atom, v.text));
      return or_null(std::move(all), atom);
    }
    case AtomKind::Matches:
      return or_null(Clauses{clause(FilterOperator::NotRegexMatch, atom, first_value(atom))}, atom);
    case AtomKind::IsTrue: return or_null(Clauses{clause(FilterOperator::IsFalse, atom)}, atom);
    case AtomKind::IsFalse: return or_null(Clauses{clause(FilterOperator::IsTrue, atom)}, atom);
    case AtomKind::IsNull: return single(clause(FilterOperator::IsNotNull, atom));
    case AtomKind::IsNotNull: return single(clause(FilterOperator::IsNull, atom));
    case AtomKind::IsNotTrue: return single(clause(FilterOperator::IsTrue, atom));
    case AtomKind::IsNotFalse: return single(clause(FilterOperator::IsFalse, atom));
    case AtomKind::Greater:
    case AtomKind::GreaterEqual:
    case AtomKind::Less:
    case AtomKind::LessEqual: return {};
  }
  return {};
}

Dnf atom_dnf(const Atom& atom, bool negated) { return negated ? negated_atom(atom) : positive_atom(atom); }

Dnf product(const Dnf& a, const Dnf& b) {
  Dnf out;
  out.reserve(a.size() * b.size());
  for (const Clauses& x : a)
    for (const Clauses& y : b) {
      Clauses both = x;
      both.insert(both.end(), y.begin(), y.end());
      out.push_back(std::move(both));
    }
  return out;
}

// --- simplification -------------------------------------------------------------

bool is_op(const FilterClause& c, FilterOperator op) { return c.operator_name == operator_name(op); }

bool contradict(const FilterClause& a, const FilterClause& b) {
  if (a.source_operand != b.source_operand) return false;
  bool a_null = is_op(a, FilterOperator::IsNull), b_null = is_op(b, FilterOperator::IsNull);
  if (a_null != b_null) return true;  // every other operator is false on null or empty
  if (is_op(a, FilterOperator::Equals) && is_op(b, FilterOperator::Equals)) return a.values != b.values;
  auto eq_ne = [](const FilterClause& x, const FilterClause& y) {
    return is_op(x, FilterOperator::Equals) && is_op(y, FilterOperator::NotEquals) && x.values == y.values;
  };
  if (eq_ne(a, b) || eq_ne(b, a)) return true;
  return (is_op(a, FilterOperator::IsTrue) && is_op(b, FilterOperator::IsFalse)) ||
         (is_op(a, FilterOperator::IsFalse) && is_op(b, FilterOperator::IsTrue));
}

// Whether `c` is implied by another clause of the group.
bool implied(const FilterClause& c, const Clauses& group) {
  for (const FilterClause& other : group) {
    if (&other == &c || other.source_operand != c.source_operand || other == c) continue;
    if (is_op(c, FilterOperator::IsNotNull) && !is_op(other, FilterOperator::IsNull)) return true;
    if (is_op(c, FilterOperator::NotEquals) && is_op(other, FilterOperator::Equals) && other.values != c.values)
      return true;
  }
  return false;
}

// Deduplicated and reduced; nullopt when the group can never hold.
std::optional<Clauses> simplify_group(const Clauses& group) {
  Clauses unique;
  for (const FilterClause& c : group)
    if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
  for (std::size_t i = 0; i < unique.size(); ++i)
    for (std::size_t j = i + 1; j < unique.size(); ++j)
      if (contradict(unique[i], unique[j])) return std::nullopt;
  Clauses out;
  for (const FilterClause& c : unique)
    if (!implied(c, unique)) out.push_back(c);
  return out;
}

using Key = std::vector<std::string>;  // a group as a sorted set of clause keys

Key key_of(const Clauses& group) {
  Key key;
  for (const FilterClause& c : group) {
    std::string k = c.source_operand + '\x1f' + c.operator_name;
    for (const std::string& v : c.values) k += '\x1f' + v;
    key.push_back(std::move(k));
  }
  std::sort(key.begin(), key.end());
  return key;
}

}  // namespace

std::uint64_t count_groups(const Node& node, bool negated) {
  if (const auto* atom = std::get_if<Atom>(&node.value)) return atom_dnf(*atom, negated).size();
  if (const auto* n = std::get_if<Not>(&node.value)) return count_groups(*n->operand, !negated);
  bool is_and = std::holds_alternative<And>(node.value);
  const auto& operands = is_and ? std::get<And>(node.value).operands : std::get<Or>(node.value).operands;
  bool multiply = is_and != negated;  // De Morgan: a negated OR is an AND
  std::uint64_t total = multiply ? 1 : 0;
  for (const NodePtr& operand : operands) {
    std::uint64_t n = count_groups(*operand, negated);
    total = multiply ? saturating_mul(total, n) : saturating_add(total, n);
  }
  return total;
}

Dnf to_dnf(const Node& node, bool negated) {
  if (const auto* atom = std::get_if<Atom>(&node.value)) return atom_dnf(*atom, negated);
  if (const auto* n = std::get_if<Not>(&node.value)) return to_dnf(*n->operand, !negated);
  bool is_and = std::holds_alternative<And>(node.value);
  const auto& operands = is_and ? std::get<And>(node.value).operands : std::get<Or>(node.value).operands;
  bool multiply = is_and != negated;
  Dnf out;
  if (multiply) out.push_back({});
  for (const NodePtr& operand : operands) {
    Dnf part = to_dnf(*operand, negated);
    if (multiply) {
      out = product(out, part);
    } else {
      out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
  }
  return out;
}

Dnf simplify(Dnf dnf) {
  std::vector<std::pair<Key, Clauses>> kept;
  for (const Clauses& group : dnf) {
    auto reduced = simplify_group(group);
    if (!reduced) continue;
    Key key = key_of(*reduced);
    bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const auto& k) { return k.first == key; });
    if (!duplicate) kept.emplace_back(std::move(key), std::move(*reduced));
  }
  // Absorption: drop a group that includes every clause of another (smaller) group.
  Dnf out;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    bool absorbed = false;
    for (std::size_t j = 0; j < kept.size() && !absorbed; ++j)
      absorbed = j != i && kept[j].first.size() < kept[i].first.size() &&
                 std::includes(kept[i].first.begin(), kept[i].first.end(), kept[j].first.begin(), kept[j].first.end());
    if (!absorbed) out.push_back(std::move(kept[i].second));
  }
  return out;
}

}  // namespace tf::scope
