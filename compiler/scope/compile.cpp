// compile_scope_filter: parse, check every atom (collecting all errors), bound the
// size, build the DNF, simplify, name the groups.
#include "compiler/scope/compile.h"

#include "compiler/core/regex.h"
#include "compiler/scope/attribute_rules.h"
#include "compiler/scope/dnf.h"
#include "compiler/scope/parser.h"

namespace tf::scope {

namespace {

// Groups materialised before simplification at most; past this the filter is
// rejected from its count alone.
constexpr std::uint64_t kMaterialiseLimit = 2048;

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

const char* operator_text(AtomKind kind) {
  switch (kind) {
    case AtomKind::Greater: return ">";
    case AtomKind::GreaterEqual: return ">=";
    case AtomKind::Less: return "<";
    case AtomKind::LessEqual: return "<=";
    default: return "";
  }
}

bool is_comparison(AtomKind kind) {
  return kind == AtomKind::Greater || kind == AtomKind::GreaterEqual || kind == AtomKind::Less ||
         kind == AtomKind::LessEqual;
}

bool is_truth(AtomKind kind) {
  return kind == AtomKind::IsTrue || kind == AtomKind::IsFalse || kind == AtomKind::IsNotTrue ||
         kind == AtomKind::IsNotFalse;
}

class AtomChecker {
 public:
  AtomChecker(const LocatedString& text, Diagnostics& diagnostics, const ScopeOptions& options)
      : text_(text), diagnostics_(diagnostics), options_(options) {}

  // Checks every atom under `node`, knowing whether it sits under an odd number of 'not'.
  void check(const Node& node, bool negated) {
    if (const auto* atom = std::get_if<Atom>(&node.value)) return check_atom(*atom, negated);
    if (const auto* n = std::get_if<Not>(&node.value)) return check(*n->operand, !negated);
    const auto& operands =
        std::holds_alternative<And>(node.value) ? std::get<And>(node.value).operands : std::get<Or>(node.value).operands;
    for (const NodePtr& operand : operands) check(*operand, negated);
  }

 private:
  Location at(const Span& span) const { return text_.location_of(span.offset, span.length); }

  void error(const Span& span, std::string message, const char* code) {
    diagnostics_.error(at(span), std::move(message), code);
  }

  void check_atom(const Atom& atom, bool negated) {
    if (!check_attribute(atom)) return;
    check_comparison(atom, negated);
    check_type(atom);
    for (const Literal& value : atom.values) check_value(atom, value);
  }

  bool check_attribute(const Atom& atom) {
    std::string why = scoping_restriction(atom.attribute);
    if (!why.empty()) {
      error(atom.attribute_span, why, "scope-unsupported-attribute");
      return false;
    }
    std::string known = case_mismatch(atom.attribute);
    if (!known.empty()) {
      error(atom.attribute_span,
            "unknown attribute " + quoted(atom.attribute) + "; attribute names are case-sensitive: did you mean " +
                quoted(known) + "?",
            "scope-attribute-case");
      return false;
    }
    if (known_attribute_type(atom.attribute) == AttributeType::Unknown && options_.attribute_problem)
      if (std::string problem = options_.attribute_problem(atom.attribute); !problem.empty())
        diagnostics_.warning(at(atom.attribute_span), problem, "scope-unknown-attribute");
    return true;
  }

  void check_comparison(const Atom& atom, bool negated) {
    if (atom.kind == AtomKind::Less || atom.kind == AtomKind::LessEqual) {
      error(atom.operator_span,
            quoted(operator_text(atom.kind)) +
                " cannot be expressed: Entra scoping filters have no LESS_THAN operator; rephrase the condition with "
                "'>' or '>=', or use 'matches' with a regular expression over the digits (e.g. '" +
                atom.attribute + " matches \"^[0-9]{1,3}$\"' for 0 to 999)",
            "scope-inexpressible");
    } else if (negated && is_comparison(atom.kind)) {
      error(atom.operator_span,
            "'not' over " + quoted(operator_text(atom.kind)) +
                " cannot be expressed: it would need a LESS_THAN operator, which Entra scoping filters lack, and "
                "would also have to keep users whose " +
                quoted(atom.attribute) +
                " is empty or not a number; rephrase it without 'not' (for example 'matches' with a regular "
                "expression over the digits)",
            "scope-inexpressible");
    }
  }

  void check_type(const Atom& atom) {
    AttributeType type = known_attribute_type(atom.attribute);
    if (is_truth(atom.kind) && type == AttributeType::String)
      error(atom.operator_span,
            "'is true' and 'is false' test Boolean attributes, but " + quoted(atom.attribute) +
                " is a string attribute; compare its text instead, e.g. '" + atom.attribute + " == \"True\"'",
            "scope-type");
    if (is_comparison(atom.kind) && type == AttributeType::Boolean)
      error(atom.operator_span,
            quoted(operator_text(atom.kind)) + " compares integers, but " + quoted(atom.attribute) +
                " is a Boolean attribute; use 'is true' or 'is false'",
            "scope-type");
  }

  void check_value(const Atom& atom, const Literal& value) {
    if (is_comparison(atom.kind) && !value.is_integer) {
      error(value.span,
            quoted(operator_text(atom.kind)) + " compares integers, found a string; write a whole number without "
                                               "quotes, e.g. '" + atom.attribute + " " + operator_text(atom.kind) +
                " 100'",
            "scope-not-integer");
    } else if (atom.kind == AtomKind::Matches) {
      std::string why;
      if (!Regex::compile(value.text, why))
        error(value.span, "invalid regular expression: " + why, "scope-invalid-regex");
    } else if (value.text.empty() && !value.is_integer) {
      check_empty_string(atom, value);
    }
  }

  void check_empty_string(const Atom& atom, const Literal& value) {
    std::string fix = atom.kind == AtomKind::NotEquals ? quoted(atom.attribute + " is not null")
                                                       : quoted(atom.attribute + " is null");
    error(value.span,
          "comparing with an empty string never matches: Entra treats an empty value as null and every test but "
          "'is null' as false on it; write " +
              fix,
          "scope-empty-string");
  }

  const LocatedString& text_;
  Diagnostics& diagnostics_;
  const ScopeOptions& options_;
};

bool check_bounds(const Dnf& dnf, const LocatedString& text, Diagnostics& diagnostics, const ScopeOptions& options) {
  Location whole = text.location_of(0, text.text.size());
  if (dnf.empty()) {
    diagnostics.error(whole,
                      "this filter can never be true, and Entra reads a filter with no groups as 'every user'; "
                      "remove the contradiction",
                      "scope-never-true");
    return false;
  }
  if (dnf.size() > options.max_groups) {
    diagnostics.error(whole,
                      "this filter needs " + std::to_string(dnf.size()) + " Entra scoping groups, more than the " +
                          std::to_string(options.max_groups) +
                          " allowed; factor common conditions out of the 'or's, use 'in [...]' or 'matches', or "
                          "scope by assigned groups",
                      "scope-too-large");
    return false;
  }
  for (std::size_t i = 0; i < dnf.size(); ++i)
    if (dnf[i].size() > options.max_clauses_per_group) {
      diagnostics.error(whole,
                        "group " + std::to_string(i + 1) + " of this filter needs " + std::to_string(dnf[i].size()) +
                            " clauses, more than the " + std::to_string(options.max_clauses_per_group) +
                            " allowed in one group; use 'matches' to combine tests of one attribute",
                        "scope-too-large");
      return false;
    }
  return true;
}

}  // namespace

std::optional<EntraFilter> compile_scope_tree(const Node& root, const LocatedString& text, Diagnostics& diagnostics,
                                              const ScopeOptions& options) {
  std::size_t errors_before = diagnostics.error_count();
  AtomChecker(text, diagnostics, options).check(root, false);
  if (diagnostics.error_count() != errors_before) return std::nullopt;
  std::uint64_t upper = count_groups(root);
  if (upper > kMaterialiseLimit && upper > options.max_groups) {
    std::string count = upper == UINT64_MAX ? "more than 18446744073709551615" : "up to " + std::to_string(upper);
    diagnostics.error(text.location_of(0, text.text.size()),
                      "this filter would need " + count + " Entra scoping groups (an 'and' of 'or's multiplies "
                      "out), more than the " + std::to_string(options.max_groups) +
                          " allowed; factor common conditions out, use 'in [...]' or 'matches', or scope by "
                          "assigned groups",
                      "scope-too-large");
    return std::nullopt;
  }
  Dnf dnf = simplify(to_dnf(root));
  if (!check_bounds(dnf, text, diagnostics, options)) return std::nullopt;
  EntraFilter out;
  for (std::size_t i = 0; i < dnf.size(); ++i)
    out.groups.push_back(FilterGroup{options.group_name_prefix + std::to_string(i + 1), std::move(dnf[i])});
  return out;
}

std::optional<EntraFilter> compile_scope_filter(const LocatedString& text, Diagnostics& diagnostics,
                                                const ScopeOptions& options) {
  NodePtr root = parse_scope_filter(text, diagnostics);
  if (!root) return std::nullopt;
  return compile_scope_tree(*root, text, diagnostics, options);
}

}  // namespace tf::scope
