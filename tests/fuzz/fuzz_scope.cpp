// libFuzzer target for the scope module: any input is parsed as a readable filter,
// compiled, evaluated directly and as Entra groups on a few users, and printed and
// reparsed; an input starting with '{' is also read as Graph filter JSON, validated
// and evaluated. Nothing may crash or hang, and two properties are checked:
// print/parse is a fixed point, and the compiled filter agrees with direct evaluation.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/scope/compile.h"
#include "compiler/scope/evaluate.h"
#include "compiler/scope/parser.h"
#include "compiler/scope/print.h"
#include "compiler/scope/validate.h"

namespace {

const std::vector<tf::Attributes>& users() {
  static const std::vector<tf::Attributes> all = {
      {},
      {{"department", std::string("Sales")}, {"accountEnabled", true}, {"employeeNumber", std::int64_t{42}}},
      {{"department", std::string("")}, {"accountEnabled", false}, {"a", std::string("x")}},
      {{"department", tf::NullValue{}}, {"b", std::string("-7")}, {"mail", std::string("a@contoso.com")}},
  };
  return all;
}

void check(bool condition) {
  if (!condition) std::abort();
}

// The attributes tested by 'is [not] true|false' anywhere in the tree.
void truth_attributes(const tf::scope::Node& node, std::vector<std::string>& out) {
  using namespace tf::scope;
  if (const auto* atom = std::get_if<Atom>(&node.value)) {
    if (atom->kind == AtomKind::IsTrue || atom->kind == AtomKind::IsFalse || atom->kind == AtomKind::IsNotTrue ||
        atom->kind == AtomKind::IsNotFalse)
      out.push_back(atom->attribute);
  } else if (const auto* n = std::get_if<Not>(&node.value)) {
    truth_attributes(*n->operand, out);
  } else {
    const auto& operands =
        std::holds_alternative<And>(node.value) ? std::get<And>(node.value).operands : std::get<Or>(node.value).operands;
    for (const NodePtr& operand : operands) truth_attributes(*operand, out);
  }
}

// The Boolean rewrites are exact only for Boolean values (dnf.h): true, false, their
// text, empty or absent.
bool boolean_domain(const tf::Attributes& user, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const tf::AttributeValue* value = tf::find_attribute(user, name);
    if (value == nullptr || tf::is_null(*value) || std::holds_alternative<bool>(*value)) continue;
    const auto* text = std::get_if<std::string>(value);
    if (text == nullptr || !(text->empty() || *text == "True" || *text == "False")) return false;
  }
  return true;
}

void fuzz_readable(const std::string& input) {
  auto text = tf::located_string_from(input, "fuzz");
  tf::Diagnostics diagnostics;
  tf::scope::NodePtr root = tf::scope::parse_scope_filter(text, diagnostics);
  if (!root) return;
  std::string printed = tf::scope::print_filter(*root);
  tf::Diagnostics again;
  tf::scope::NodePtr reparsed = tf::scope::parse_scope_filter(tf::located_string_from(printed, "printed"), again);
  check(reparsed != nullptr && tf::scope::print_filter(*reparsed) == printed);
  auto filter = tf::scope::compile_scope_tree(*root, text, diagnostics);
  std::vector<std::string> truth;
  truth_attributes(*root, truth);
  for (const tf::Attributes& user : users()) {
    bool direct = tf::scope::evaluate_filter(*root, user);
    if (filter && boolean_domain(user, truth)) check(direct == tf::scope::in_scope(*filter, user));
  }
}

void fuzz_json(const std::string& input) {
  nlohmann::json json = nlohmann::json::parse(input, nullptr, false);
  if (json.is_discarded()) return;
  auto read = tf::scope::filter_from_json(json);
  if (!read.error.empty()) return;
  tf::Diagnostics diagnostics;
  tf::scope::validate_filter(read.filter, diagnostics, tf::located_string_from(input, "fuzz").start);
  for (const tf::Attributes& user : users()) tf::scope::in_scope(read.filter, user);
  check(tf::scope::filter_from_json(tf::scope::to_json(read.filter)).filter == read.filter);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  fuzz_readable(input);
  if (!input.empty() && input.front() == '{') fuzz_json(input);
  return 0;
}
