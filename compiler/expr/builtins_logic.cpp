// The logic family (shared/reference/expressions.md §3.3-§3.5, §5): comparisons,
// IIF, Switch, Coalesce, Not, CBool, BitAnd, the Is* tests, IgnoreFlowIfNullOrEmpty,
// Redact, and the §6 extras Error, IsNothing and DefaultDomain. IIF, Switch and
// Coalesce evaluate only the arguments they need.
#include "compiler/expr/eval_machine.h"

namespace tf::expr {

namespace {

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// The first attribute reference under `node` whose value is null or "" (§3.3's IIF rule).
const Node* empty_attribute_in(const Machine& m, const Node& node, int depth = 0) {
  if (depth > kMaxEvalDepth) return nullptr;
  if (const auto* ref = std::get_if<AttributeRef>(&node.value))
    return m.attribute(ref->name).is_null_or_empty() ? &node : nullptr;
  if (const auto* call = std::get_if<Call>(&node.value)) {
    for (const NodePtr& arg : call->args)
      if (arg)
        if (const Node* found = empty_attribute_in(m, *arg, depth + 1)) return found;
  }
  if (const auto* cmp = std::get_if<Comparison>(&node.value)) {
    for (const Node* side : {cmp->lhs.get(), cmp->rhs.get()})
      if (side)
        if (const Node* found = empty_attribute_in(m, *side, depth + 1)) return found;
  }
  return nullptr;
}

bool holds(CompareOp op, int order) {
  switch (op) {
    case CompareOp::Equal: return order == 0;
    case CompareOp::NotEqual: return order != 0;
    case CompareOp::Less: return order < 0;
    case CompareOp::LessEqual: return order <= 0;
    case CompareOp::Greater: return order > 0;
    case CompareOp::GreaterEqual: return order >= 0;
  }
  return false;
}

Value null_operand(Machine& m, const Node& side, const char* which) {
  std::string detail;
  if (const auto* ref = std::get_if<AttributeRef>(&side.value)) detail = " (attribute '" + ref->name + "' has no value)";
  return m.fail(side, std::string("the ") + which + " operand of the comparison is null" + detail +
                          "; test for a missing value with IsPresent, Coalesce or a Switch key \"\" instead");
}

Value iif(Machine& m, const Node& node, const Call& call) {
  if (!Machine::has_arg(call, 0)) return m.fail(node, "'IIF' needs a condition", "ArityError");
  const Node& condition = *call.args[0];
  if (const Node* empty = empty_attribute_in(m, condition)) {
    const auto& name = std::get<AttributeRef>(empty->value).name;
    return m.fail(*empty, "the condition of 'IIF' uses attribute '" + name +
                              "', which is null or empty, so Entra fails the condition check; use "
                              "Switch([" + name + "], ...) with a \"\" key or Coalesce instead");
  }
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  auto chosen = m.to_boolean(value, condition, "the condition of 'IIF'");
  if (!chosen) return {};
  return m.arg(call, *chosen ? 1 : 2);
}

Value switch_(Machine& m, const Node& node, const Call& call) {
  if (call.args.size() < 4 || call.args.size() % 2 != 0)
    return m.fail(node, "'Switch' needs a source, a default and key/value pairs, found " +
                            std::to_string(call.args.size()) + " arguments",
                  "ArityError");
  Value source = m.arg(call, 0);
  if (m.stopped()) return {};
  std::string source_scratch;
  std::string_view wanted = source.text(source_scratch).value_or(std::string_view());
  for (std::size_t i = 2; i + 1 < call.args.size(); i += 2) {
    Value key = m.arg(call, i);
    if (m.stopped()) return {};
    std::string key_scratch;
    if (key.text(key_scratch).value_or(std::string_view()) == wanted) return m.arg(call, i + 1);
  }
  return m.arg(call, 1);
}

Value coalesce(Machine& m, const Node&, const Call& call) {
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    Value value = m.arg(call, i);
    if (m.stopped()) return {};
    if (!value.is_null()) return value;
  }
  return {};
}

Value not_(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  if (value.type() == Value::Type::Boolean) return Value::boolean(!value.boolean_value());
  std::string scratch;
  auto text = value.text(scratch);
  return Value::boolean(!(text && ascii_iequals(*text, "True")));
}

Value cbool(Machine& m, const Node& node, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  if (value.is_null()) return Value::boolean(false);
  auto b = m.to_boolean(value, Machine::slot_node(call, 0, node), "'CBool'");
  return b ? Value::boolean(*b) : Value();
}

Value bit_and(Machine& m, const Node& node, const Call& call) {
  auto a = m.integer_arg(node, call, 0);
  if (!a) return {};
  auto b = m.integer_arg(node, call, 1);
  if (!b) return {};
  return Value::integer(*a & *b);
}

Value is_null(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  return m.stopped() ? Value() : Value::boolean(value.is_null());
}

Value is_null_or_empty(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  return m.stopped() ? Value() : Value::boolean(value.is_null_or_empty());
}

Value is_present(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  return m.stopped() ? Value() : Value::boolean(!value.is_null_or_empty());
}

Value is_string(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  Value::Type t = value.type();
  return Value::boolean(t == Value::Type::String || t == Value::Type::Boolean || t == Value::Type::Integer ||
                        t == Value::Type::DateTime);
}

Value ignore_flow_if_null_or_empty(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  return value.is_null_or_empty() ? Value::ignore_flow() : value;
}

Value redact(Machine& m, const Node&, const Call& call) { return m.arg(call, 0); }

Value error(Machine& m, const Node& node, const Call& call) {
  Value message = m.arg(call, 0);
  if (m.stopped()) return {};
  return m.fail(node, "the expression raised an error: " + message.to_string());
}

Value default_domain(Machine& m, const Node& node, const Call&) {
  return m.fail(node, "'DefaultDomain' needs the target tenant's default domain, which an evaluation does not know",
                "UnsupportedContext");
}

}  // namespace

Value compare(Machine& m, const Node& node, const Comparison& comparison) {
  if (!comparison.lhs || !comparison.rhs) return m.fail(node, "a comparison needs two operands");
  Value lhs = m.operand(*comparison.lhs);
  Value rhs = m.operand(*comparison.rhs);
  if (m.stopped()) return {};
  std::string ls, rs;
  auto l = lhs.text(ls);
  if (!l) return null_operand(m, *comparison.lhs, "left");
  auto r = rhs.text(rs);
  if (!r) return null_operand(m, *comparison.rhs, "right");
  auto ln = parse_integer(*l), rn = parse_integer(*r);
  int order = 0;
  if (ln && rn)
    order = *ln < *rn ? -1 : *ln > *rn ? 1 : 0;
  else
    order = l->compare(*r) < 0 ? -1 : l->compare(*r) > 0 ? 1 : 0;
  return Value::boolean(holds(comparison.op, order));
}

Builtin logic_builtin(FunctionId id) {
  switch (id) {
    case FunctionId::IIF: return iif;
    case FunctionId::Switch: return switch_;
    case FunctionId::Coalesce: return coalesce;
    case FunctionId::Not: return not_;
    case FunctionId::CBool: return cbool;
    case FunctionId::BitAnd: return bit_and;
    case FunctionId::IsNull: case FunctionId::IsNothing: return is_null;
    case FunctionId::IsNullOrEmpty: return is_null_or_empty;
    case FunctionId::IsPresent: return is_present;
    case FunctionId::IsString: return is_string;
    case FunctionId::IgnoreFlowIfNullOrEmpty: return ignore_flow_if_null_or_empty;
    case FunctionId::Redact: return redact;
    case FunctionId::Error: return error;
    case FunctionId::DefaultDomain: return default_domain;
    default: return nullptr;
  }
}

}  // namespace tf::expr
