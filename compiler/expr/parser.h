// The expression parser: text of an Entra attribute-mapping expression in, located
// syntax tree (ast.h) out. Follows shared/reference/expressions.md §2.1 exactly;
// the grammar is grammar.h. On failure it appends one diagnostic (code "ParseError"
// or "ExpressionTooLong") at the exact column of the problem in the manifest, via
// the LocatedString, and returns nullopt. It never throws and never recurses more
// than kMaxCallDepth calls deep. Call::function is set for known function names;
// unknown names are left for the checker (checker.h) to report.
#pragma once

#include <cstddef>
#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/expr/ast.h"

namespace tf::expr {

// Entra refuses expressions longer than this many characters (UTF-16 code units).
inline constexpr std::size_t kMaxExpressionLength = 10000;

// Calls nested deeper than this are refused (the parser and every later pass
// recurse once per level, so this bounds their stack use).
inline constexpr std::size_t kMaxCallDepth = 200;

std::optional<Expression> parse_expression(LocatedString text, Diagnostics& diagnostics);

// When `text` cannot map offsets to columns (LocatedString::approximate, e.g. a
// block scalar), the diagnostic points at the scalar's start; this adds a note
// saying so and quoting the expression from `offset`. Used by every pass that
// reports into an expression.
void note_if_approximate(Diagnostic& diagnostic, const LocatedString& text, std::size_t offset);

}  // namespace tf::expr
