// The expression evaluator: a checked expression and one user's attributes in, a
// value (value.h) or an evaluation error out, with the semantics of
// shared/reference/expressions.md §3 and §5 for every function (and the §6 extras).
// Now() and the random functions (Guid, RandomString) read the injected clock and
// random source, so the compiler stays pure and tests are repeatable; without them
// those functions fail with an EvaluationError. IIF, Switch and Coalesce evaluate
// lazily (§3.5). The evaluator never throws and never crashes on any tree, however
// malformed (an unchecked tree gets an EvaluationError, not undefined behaviour);
// recursion is bounded by kMaxEvalDepth.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/core/attributes.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/expr/ast.h"
#include "compiler/expr/value.h"

namespace tf::expr {

inline constexpr int kMaxEvalDepth = 200;

struct EvalContext {
  const Attributes* attributes = nullptr;
  std::function<std::chrono::sys_seconds()> now;
  std::function<std::uint64_t()> random;
  // Values already present in the target (SelectUniqueValue); none when null.
  const std::vector<std::string>* existing_values = nullptr;
};

struct EvalError {
  std::string category;  // §2.2: "EvaluationError", "TypeError", "UnsupportedContext"...
  std::string message;   // lower-case, no trailing period
  Span span;             // the node that failed, in Expression::source
};

struct EvalResult {
  Value value;                      // meaningful when ok()
  std::optional<EvalError> error;

  bool ok() const { return !error.has_value(); }
};

// Evaluates `expression` for the context's attributes. The value owns its text.
EvalResult evaluate(const Expression& expression, const EvalContext& context);

// The same without the final copy: strings and lists may view the attributes and the
// expression's literals, so the value is valid only while both live (hot paths).
EvalResult evaluate_borrowing(const Expression& expression, const EvalContext& context);

// The error as a diagnostic at its place in the expression's source.
Diagnostic to_diagnostic(const EvalError& error, const Expression& expression);

}  // namespace tf::expr
