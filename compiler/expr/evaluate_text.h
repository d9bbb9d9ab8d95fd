// Expression text to value in one call: parse, check, evaluate (the pipeline of
// shared/reference/expressions.md §10 and §3), for `tenantform eval`, the test
// vectors, the emulator and benchmarks. It stops at the first stage that reports an
// error and says which §2.2 category that error has; check warnings (legacy
// functions) are kept in the diagnostics and do not stop it.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/expr/checker.h"
#include "compiler/expr/evaluator.h"

namespace tf::expr {

struct TextEvaluation {
  std::optional<Expression> expression;  // set when it parsed
  Diagnostics diagnostics;               // parse, check and evaluation diagnostics
  std::optional<Value> value;            // owning; set on success
  std::string error_category;            // §2.2 category of the first error, "" on success
  std::string error_message;

  bool ok() const { return value.has_value(); }
};

// Check options for evaluating on a sample user: the general engine's rules
// (SelectUniqueValue allowed at the top level), attribute names not checked.
CheckOptions sample_check_options();

TextEvaluation evaluate_text(LocatedString text, const EvalContext& context, const CheckOptions& options);

// Parses and checks only (for callers that evaluate one expression many times).
TextEvaluation compile_text(LocatedString text, const CheckOptions& options);

}  // namespace tf::expr
