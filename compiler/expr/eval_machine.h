// Internal to the evaluator: the evaluation state shared by evaluator.cpp and the
// builtins_*.cpp function families. A Machine walks one expression for one user; the
// first error (or an ignore-flow marker reaching an argument) stops it, after which
// every call returns null at once, so builtins only check stopped() after evaluating
// their arguments. Coercions follow shared/reference/expressions.md §3.2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/expr/catalogue.h"
#include "compiler/expr/evaluator.h"

namespace tf::expr {

class Machine;

// One function of the catalogue: evaluates `call` (the content of `node`).
using Builtin = Value (*)(Machine& machine, const Node& node, const Call& call);

// The builtin of each family for `id`, or nullptr when another family has it.
Builtin text_builtin(FunctionId id);
Builtin date_builtin(FunctionId id);
Builtin logic_builtin(FunctionId id);
Builtin collection_builtin(FunctionId id);

// `lhs op rhs` (§3.4): numeric when both texts are integers, otherwise ordinal.
Value compare(Machine& machine, const Node& node, const Comparison& comparison);

// An integer in invariant text: optional white space, sign and decimal digits.
std::optional<std::int64_t> parse_integer(std::string_view text);

class Machine {
 public:
  Machine(const Expression& expression, const EvalContext& context);

  Value eval(const Node& node);
  // eval() for an operand: an ignore-flow value stops the machine (the marker
  // propagates outward) and reads as null.
  Value operand(const Node& node);
  // Slot `i` of `call`, evaluated; null when the slot is omitted or absent. An
  // ignore-flow value stops the machine (the marker propagates outward).
  Value arg(const Call& call, std::size_t i);
  static bool has_arg(const Call& call, std::size_t i) { return i < call.args.size() && call.args[i] != nullptr; }
  // The node of slot `i`, or `fallback` when it is omitted (for error positions).
  static const Node& slot_node(const Call& call, std::size_t i, const Node& fallback);
  // The Graph parameter key of slot `i` ("source", "start"...), for messages.
  static std::string param_name(const Call& call, std::size_t i);

  bool stopped() const { return error_.has_value() || ignore_flow_; }
  bool ignored() const { return ignore_flow_; }
  // Records the first error; returns null for convenience.
  Value fail(const Node& at, std::string message, std::string category = "EvaluationError");

  // Slot `i` as an integer / Boolean / date-time; on failure the machine stops.
  std::optional<std::int64_t> integer_arg(const Node& node, const Call& call, std::size_t i);
  std::optional<std::int64_t> to_integer(const Value& value, const Node& at, std::string_view what);
  std::optional<bool> to_boolean(const Value& value, const Node& at, std::string_view what);
  // Null stays nullopt without an error (callers return null); strings parse as CDate.
  std::optional<DateTime> to_date_time(const Value& value, const Node& at, std::string_view what, bool& failed);

  Value attribute(std::string_view name) const;
  const EvalContext& context() const { return context_; }
  const Expression& expression() const { return expression_; }

  EvalResult finish(Value value) &&;

 private:
  Value eval_call(const Node& node, const Call& call);

  const Expression& expression_;
  const EvalContext& context_;
  std::optional<EvalError> error_;
  bool ignore_flow_ = false;
  int depth_ = 0;
};

}  // namespace tf::expr
