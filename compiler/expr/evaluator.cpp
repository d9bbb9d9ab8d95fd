// The evaluator's walk over the tree and its coercions (see evaluator.h and
// eval_machine.h); the functions themselves live in builtins_*.cpp by family.
#include <array>
#include <charconv>

#include "compiler/expr/eval_machine.h"

namespace tf::expr {

namespace {

constexpr std::size_t kFunctionCount = static_cast<std::size_t>(FunctionId::AppRoleAssignments) + 1;

const std::array<Builtin, kFunctionCount>& builtin_table() {
  static const std::array<Builtin, kFunctionCount> table = [] {
    std::array<Builtin, kFunctionCount> out{};
    for (std::size_t i = 0; i < kFunctionCount; ++i) {
      auto id = static_cast<FunctionId>(i);
      Builtin b = text_builtin(id);
      if (b == nullptr) b = date_builtin(id);
      if (b == nullptr) b = logic_builtin(id);
      if (b == nullptr) b = collection_builtin(id);
      out[i] = b;
    }
    return out;
  }();
  return table;
}

const Attributes& no_attributes() {
  static const Attributes empty;
  return empty;
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) return "'" + std::string(text.substr(0, kMax)) + "...'";
  return "'" + std::string(text) + "'";
}

std::string describe(const Value& value) {
  if (value.is_null()) return "null";
  if (value.type() == Value::Type::MultiValued) return "a multi-valued value";
  return quoted(value.to_string());
}

EvalResult run(const Expression& expression, const EvalContext& context, bool detach) {
  Machine machine(expression, context);
  if (!expression.root) {
    Node empty;
    machine.fail(empty, "the expression is empty");
    return std::move(machine).finish(Value());
  }
  Value value = machine.eval(*expression.root);
  if (detach) value = value.detached();
  return std::move(machine).finish(std::move(value));
}

}  // namespace

std::optional<std::int64_t> parse_integer(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Machine::Machine(const Expression& expression, const EvalContext& context)
    : expression_(expression), context_(context) {}

Value Machine::eval(const Node& node) {
  if (stopped()) return {};
  if (depth_ >= kMaxEvalDepth) return fail(node, "the expression is nested too deeply to evaluate");
  ++depth_;
  Value out = std::visit(
      [&](const auto& n) -> Value {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, AttributeRef>) {
          return attribute(n.name);
        } else if constexpr (std::is_same_v<T, StringLiteral>) {
          return Value::borrowed(n.value);
        } else if constexpr (std::is_same_v<T, NumberLiteral>) {
          return Value::integer(n.value);
        } else if constexpr (std::is_same_v<T, BareWord>) {
          return fail(node, "the bare word '" + n.name + "' is not a value here; quote it to make it a string",
                      "TypeError");
        } else if constexpr (std::is_same_v<T, Call>) {
          return eval_call(node, n);
        } else {
          return compare(*this, node, n);
        }
      },
      node.value);
  --depth_;
  return out;
}

Value Machine::eval_call(const Node& node, const Call& call) {
  if (call.function == nullptr)
    return fail(node, "unknown function '" + call.name + "'", "UnknownFunction");
  if (call.function->id == FunctionId::SelectUniqueValue && &node != expression_.root.get())
    return fail(node, "'SelectUniqueValue' must be the top-level function of a mapping", "UnsupportedContext");
  Builtin builtin = builtin_table()[static_cast<std::size_t>(call.function->id)];
  if (builtin == nullptr) return fail(node, "function '" + call.name + "' cannot be evaluated");
  return builtin(*this, node, call);
}

Value Machine::arg(const Call& call, std::size_t i) {
  if (stopped() || !has_arg(call, i)) return {};
  return operand(*call.args[i]);
}

Value Machine::operand(const Node& node) {
  Value value = eval(node);
  if (value.is_ignore_flow()) {
    ignore_flow_ = true;
    return {};
  }
  return value;
}

const Node& Machine::slot_node(const Call& call, std::size_t i, const Node& fallback) {
  return has_arg(call, i) ? *call.args[i] : fallback;
}

std::string Machine::param_name(const Call& call, std::size_t i) {
  if (call.function != nullptr && !call.function->params.empty()) {
    const auto& params = call.function->params;
    if (i < params.size()) return std::string(params[i].key);
    if (params.back().repeating) return std::string(params.back().key);
  }
  return "argument " + std::to_string(i + 1);
}

Value Machine::fail(const Node& at, std::string message, std::string category) {
  if (!error_) error_ = EvalError{std::move(category), std::move(message), at.span};
  return {};
}

std::optional<std::int64_t> Machine::integer_arg(const Node& node, const Call& call, std::size_t i) {
  Value value = arg(call, i);
  if (stopped()) return std::nullopt;
  std::string what = "'" + param_name(call, i) + "' of '" + call.name + "'";
  return to_integer(value, slot_node(call, i, node), what);
}

std::optional<std::int64_t> Machine::to_integer(const Value& value, const Node& at, std::string_view what) {
  if (value.type() == Value::Type::Integer) return value.integer_value();
  if (value.type() == Value::Type::String) {
    std::string scratch;
    if (auto parsed = parse_integer(*value.text(scratch))) return parsed;
  }
  fail(at, "expected an integer for " + std::string(what) + ", found " + describe(value));
  return std::nullopt;
}

std::optional<bool> Machine::to_boolean(const Value& value, const Node& at, std::string_view what) {
  if (value.type() == Value::Type::Boolean) return value.boolean_value();
  if (value.type() == Value::Type::Integer) return value.integer_value() != 0;
  if (value.type() == Value::Type::String || value.type() == Value::Type::MultiValued) {
    std::string scratch;
    auto text = value.text(scratch);
    if (text) {
      std::string lower;
      for (char c : *text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (lower == "true") return true;
      if (lower == "false") return false;
      if (auto number = parse_integer(*text)) return *number != 0;
    }
  }
  fail(at, "expected True or False for " + std::string(what) + ", found " + describe(value));
  return std::nullopt;
}

std::optional<DateTime> Machine::to_date_time(const Value& value, const Node& at, std::string_view what,
                                              bool& failed) {
  failed = false;
  if (value.type() == Value::Type::DateTime) return value.date_time_value();
  if (value.is_null()) return std::nullopt;
  std::string scratch;
  auto text = value.type() == Value::Type::String || value.type() == Value::Type::MultiValued
                  ? value.text(scratch)
                  : std::nullopt;
  if (text) {
    if (auto parsed = parse_general(*text)) return parsed;
  }
  failed = true;
  fail(at, "expected a date for " + std::string(what) + ", found " + describe(value) +
               "; write the date as yyyy-MM-ddTHH:mm:ssZ or convert it with CDate");
  return std::nullopt;
}

Value Machine::attribute(std::string_view name) const {
  const Attributes& attributes = context_.attributes != nullptr ? *context_.attributes : no_attributes();
  const AttributeValue* found = find_attribute(attributes, name);
  if (found == nullptr) return {};
  return std::visit(
      [](const auto& v) -> Value {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return Value::borrowed(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return Value::boolean(v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return Value::integer(v);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          if (v.empty()) return Value();
          return Value::borrowed_list(v);
        } else {
          return Value();
        }
      },
      *found);
}

EvalResult Machine::finish(Value value) && {
  if (error_) return EvalResult{Value(), std::move(error_)};
  if (ignore_flow_) return EvalResult{Value::ignore_flow(), std::nullopt};
  return EvalResult{std::move(value), std::nullopt};
}

EvalResult evaluate(const Expression& expression, const EvalContext& context) {
  return run(expression, context, true);
}

EvalResult evaluate_borrowing(const Expression& expression, const EvalContext& context) {
  return run(expression, context, false);
}

Diagnostic to_diagnostic(const EvalError& error, const Expression& expression) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.location = expression.location_of(error.span);
  d.message = error.message;
  d.code = error.category;
  return d;
}

}  // namespace tf::expr
