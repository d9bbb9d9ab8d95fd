// Canonical text and Graph attributeMappingSource trees for expressions (printer.h).
#include "compiler/expr/printer.h"

#include "compiler/expr/catalogue.h"

namespace tf::expr {
namespace {

struct TextPrinter {
  std::string& out;

  void operator()(const AttributeRef& a) const { out += '[' + a.name + ']'; }
  void operator()(const StringLiteral& s) const { out += quote_string(s.value); }
  void operator()(const NumberLiteral& n) const { out += n.text; }
  void operator()(const BareWord& w) const { out += w.name; }
  void operator()(const Call& c) const {
    out += c.name;
    out += '(';
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      if (i > 0) out += ", ";
      if (c.args[i]) print(*c.args[i]);
    }
    out += ')';
  }
  void operator()(const Comparison& c) const {
    print(*c.lhs);
    out += ' ';
    out += compare_op_text(c.op);
    out += ' ';
    print(*c.rhs);
  }
  void print(const Node& node) const { std::visit(*this, node.value); }
};

nlohmann::json graph_node(std::string expression, std::string name, const char* type,
                          nlohmann::json parameters = nlohmann::json::array()) {
  return {{"expression", std::move(expression)},
          {"name", std::move(name)},
          {"parameters", std::move(parameters)},
          {"type", type}};
}

nlohmann::json constant(const std::string& text) {
  return graph_node(quote_string(text), text, "Constant");
}

// The Graph key of slot `index` of a call.
std::string parameter_key(const Call& call, std::size_t index) {
  if (call.function) {
    auto params = call.function->params;
    if (index < params.size()) return std::string(params[index].key);
    if (!params.empty() && params.back().repeating) return std::string(params.back().key);
  }
  return "parameter" + std::to_string(index + 1);
}

struct GraphPrinter {
  const Node& node;

  nlohmann::json operator()(const AttributeRef& a) const {
    return graph_node('[' + a.name + ']', a.name, "Attribute");
  }
  nlohmann::json operator()(const StringLiteral& s) const { return constant(s.value); }
  nlohmann::json operator()(const NumberLiteral& n) const { return constant(std::to_string(n.value)); }
  nlohmann::json operator()(const BareWord& w) const { return graph_node(w.name, w.name, "Constant"); }
  nlohmann::json operator()(const Call& c) const {
    auto parameters = nlohmann::json::array();
    for (std::size_t i = 0; i < c.args.size(); ++i)
      if (c.args[i])
        parameters.push_back({{"key", parameter_key(c, i)}, {"value", to_graph_source(*c.args[i])}});
    return graph_node(print_node(node), c.name, "Function", std::move(parameters));
  }
  nlohmann::json operator()(const Comparison& c) const {
    auto parameters = nlohmann::json::array();
    parameters.push_back({{"key", "left"}, {"value", to_graph_source(*c.lhs)}});
    parameters.push_back({{"key", "right"}, {"value", to_graph_source(*c.rhs)}});
    return graph_node(print_node(node), compare_op_text(c.op), "Function", std::move(parameters));
  }
};

}  // namespace

std::string quote_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string print_node(const Node& node) {
  std::string out;
  TextPrinter{out}.print(node);
  return out;
}

std::string print_expression(const Expression& expression) {
  return expression.root ? print_node(*expression.root) : std::string();
}

nlohmann::json to_graph_source(const Node& node) {
  return std::visit(GraphPrinter{node}, node.value);
}

nlohmann::json to_graph_source(const Expression& expression) {
  return expression.root ? to_graph_source(*expression.root) : nlohmann::json();
}

}  // namespace tf::expr
