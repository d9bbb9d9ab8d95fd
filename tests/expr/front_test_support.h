// Helpers for the expression front-end tests (parser, checker, printer,
// substitution): parse text given on one line, compare trees ignoring spans, and
// pick diagnostics out of a list.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/expr/ast.h"
#include "compiler/expr/parser.h"

namespace tf::expr::testing {

// Parses `text` as if typed on the command line: line 1, column = byte offset + 1.
inline std::optional<Expression> parse(const std::string& text, Diagnostics& d) {
  return parse_expression(located_string_from(text, "<expr>"), d);
}

// Parses text that must be valid; an empty optional makes the calling CHECK fail.
inline std::optional<Expression> parse_ok(const std::string& text) {
  Diagnostics d;
  return parse(text, d);
}

inline const Diagnostic* first_with_code(const Diagnostics& d, const std::string& code) {
  for (const Diagnostic& x : d.items())
    if (x.code == code) return &x;
  return nullptr;
}

bool same_tree(const Node* a, const Node* b);

inline bool same_args(const std::vector<NodePtr>& a, const std::vector<NodePtr>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_tree(a[i].get(), b[i].get())) return false;
  return true;
}

// Structural equality, ignoring spans.
inline bool same_tree(const Node* a, const Node* b) {
  if (!a || !b) return a == b;
  if (a->value.index() != b->value.index()) return false;
  if (auto* x = std::get_if<AttributeRef>(&a->value)) return x->name == std::get<AttributeRef>(b->value).name;
  if (auto* x = std::get_if<StringLiteral>(&a->value))
    return x->value == std::get<StringLiteral>(b->value).value;
  if (auto* x = std::get_if<NumberLiteral>(&a->value)) {
    const auto& y = std::get<NumberLiteral>(b->value);
    return x->value == y.value && x->text == y.text;
  }
  if (auto* x = std::get_if<BareWord>(&a->value)) return x->name == std::get<BareWord>(b->value).name;
  if (auto* x = std::get_if<Call>(&a->value)) {
    const auto& y = std::get<Call>(b->value);
    return x->name == y.name && x->function == y.function && same_args(x->args, y.args);
  }
  const auto& x = std::get<Comparison>(a->value);
  const auto& y = std::get<Comparison>(b->value);
  return x.op == y.op && same_tree(x.lhs.get(), y.lhs.get()) && same_tree(x.rhs.get(), y.rhs.get());
}

}  // namespace tf::expr::testing
