// print_filter: atoms, then connectives with precedence-driven parentheses.
#include "compiler/scope/print.h"

namespace tf::scope {

namespace {

std::string literal(const Literal& value) {
  if (value.is_integer) return value.text;
  std::string out = "\"";
  for (char c : value.text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const char* atom_operator(AtomKind kind) {
  switch (kind) {
    case AtomKind::Equals: return " == ";
    case AtomKind::NotEquals: return " != ";
    case AtomKind::In: return " in ";
    case AtomKind::Matches: return " matches ";
    case AtomKind::IsTrue: return " is true";
    case AtomKind::IsFalse: return " is false";
    case AtomKind::IsNull: return " is null";
    case AtomKind::IsNotNull: return " is not null";
    case AtomKind::IsNotTrue: return " is not true";
    case AtomKind::IsNotFalse: return " is not false";
    case AtomKind::Greater: return " > ";
    case AtomKind::GreaterEqual: return " >= ";
    case AtomKind::Less: return " < ";
    case AtomKind::LessEqual: return " <= ";
  }
  return "";
}

std::string print_atom(const Atom& atom) {
  std::string out = atom.attribute + atom_operator(atom.kind);
  if (atom.kind == AtomKind::In) {
    out += "[";
    for (std::size_t i = 0; i < atom.values.size(); ++i) out += (i ? ", " : "") + literal(atom.values[i]);
    return out + "]";
  }
  if (!atom.values.empty()) out += literal(atom.values.front());
  return out;
}

// Precedence: or 1, and 2, not/atom 3.
int precedence(const Node& node) {
  if (std::holds_alternative<Or>(node.value)) return 1;
  if (std::holds_alternative<And>(node.value)) return 2;
  return 3;
}

std::string print_at(const Node& node, int context) {
  std::string out;
  if (const auto* atom = std::get_if<Atom>(&node.value)) {
    out = print_atom(*atom);
  } else if (const auto* n = std::get_if<Not>(&node.value)) {
    out = "not " + print_at(*n->operand, 3);
  } else {
    bool is_and = std::holds_alternative<And>(node.value);
    const auto& operands = is_and ? std::get<And>(node.value).operands : std::get<Or>(node.value).operands;
    for (std::size_t i = 0; i < operands.size(); ++i)
      out += (i ? (is_and ? " and " : " or ") : "") + print_at(*operands[i], is_and ? 3 : 2);
  }
  return precedence(node) < context ? "(" + out + ")" : out;
}

}  // namespace

std::string print_filter(const Node& node) { return print_at(node, 0); }

}  // namespace tf::scope
