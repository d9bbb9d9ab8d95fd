// Parse, check and evaluate in one call (see evaluate_text.h).
#include "compiler/expr/evaluate_text.h"

#include "compiler/expr/parser.h"

namespace tf::expr {

namespace {

void record_first_error(TextEvaluation& out) {
  for (const Diagnostic& d : out.diagnostics.items()) {
    if (d.severity != Severity::Error) continue;
    out.error_category = d.code.empty() ? "ParseError" : d.code;
    out.error_message = d.message;
    return;
  }
}

}  // namespace

CheckOptions sample_check_options() {
  CheckOptions options;
  options.cross_tenant = false;
  options.check_attribute_names = false;
  return options;
}

TextEvaluation compile_text(LocatedString text, const CheckOptions& options) {
  TextEvaluation out;
  out.expression = parse_expression(std::move(text), out.diagnostics);
  if (out.expression && !out.diagnostics.has_errors()) check_expression(*out.expression, options, out.diagnostics);
  if (!out.expression && !out.diagnostics.has_errors())
    out.diagnostics.error(Location{}, "the expression could not be parsed", "ParseError");
  record_first_error(out);
  return out;
}

TextEvaluation evaluate_text(LocatedString text, const EvalContext& context, const CheckOptions& options) {
  TextEvaluation out = compile_text(std::move(text), options);
  if (out.diagnostics.has_errors()) return out;
  EvalResult result = evaluate(*out.expression, context);
  if (result.ok()) {
    out.value = std::move(result.value);
    return out;
  }
  out.diagnostics.add(to_diagnostic(*result.error, *out.expression));
  out.error_category = result.error->category;
  out.error_message = result.error->message;
  return out;
}

}  // namespace tf::expr
