// A small recursive-descent parser and evaluator for $filter (see odata_filter.h).
#include "runtime/emulator/odata_filter.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "runtime/emulator/api.h"

namespace tf::emulator {

namespace {

enum class TokenKind { Word, String, LParen, RParen, Comma, Colon, End };

struct Token {
  TokenKind kind;
  std::string text;
};

[[noreturn]] void unsupported(const std::string& why) {
  throw GraphError(400, "Request_UnsupportedQuery", "Invalid filter clause: " + why + ".");
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '.' || c == '-' || c == '+' ||
         c == '@' || c == '#';
}

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '(') { out.push_back({TokenKind::LParen, "("}); ++i; continue; }
    if (c == ')') { out.push_back({TokenKind::RParen, ")"}); ++i; continue; }
    if (c == ',') { out.push_back({TokenKind::Comma, ","}); ++i; continue; }
    if (c == ':') {
      out.push_back({TokenKind::Colon, ":"});
      ++i;
      continue;
    }
    if (c == '\'') {
      std::string value;
      for (++i;; ++i) {
        if (i >= text.size()) unsupported("unterminated string literal");
        if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') { value += '\''; ++i; continue; }
        if (text[i] == '\'') { ++i; break; }
        value += text[i];
      }
      out.push_back({TokenKind::String, value});
      continue;
    }
    std::size_t start = i;
    while (i < text.size() && (word_char(text[i]) || (text[i] == ':' && i > start && std::isdigit(static_cast<unsigned char>(text[i - 1])))))
      ++i;
    if (i == start) unsupported(std::string("unexpected character '") + c + "'");
    out.push_back({TokenKind::Word, text.substr(start, i - start)});
  }
  out.push_back({TokenKind::End, ""});
  return out;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return text;
}

}  // namespace

// A value: a literal, a property path, or tolower/toupper of one.
struct Operand {
  enum class Kind { Literal, Path, Variable } kind = Kind::Literal;
  nlohmann::json literal;
  std::string path;
  std::string transform;  // "", "tolower", "toupper"
};

struct ODataFilter::Node {
  enum class Kind { And, Or, Not, Compare, Call, Any } kind = Kind::Compare;
  std::vector<std::unique_ptr<Node>> children;
  std::string op;                // comparison operator or function name
  Operand lhs, rhs;
  std::string collection;        // for Any: the collection path
  std::string variable;          // for Any: the lambda variable
};

namespace {

using NodePtr = std::unique_ptr<ODataFilter::Node>;

// What evaluate() looks at: the object, and whether its "_" keys are hidden.
struct Subject {
  const nlohmann::json& object;
  bool hide_internal;
};

const nlohmann::json* lookup(const Subject& subject, const std::string& path) {
  const nlohmann::json* current = &subject.object;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    std::string key = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (start == 0 && subject.hide_internal && key.starts_with("_")) return nullptr;
    if (!current->is_object() || !current->contains(key)) return nullptr;
    current = &(*current)[key];
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return current;
}

nlohmann::json value_of(const Operand& operand, const Subject& object, const nlohmann::json* variable) {
  nlohmann::json value;
  if (operand.kind == Operand::Kind::Literal) return operand.literal;
  if (operand.kind == Operand::Kind::Variable) {
    value = variable ? *variable : nlohmann::json();
  } else {
    const nlohmann::json* found = lookup(object, operand.path);
    value = found ? *found : nlohmann::json();
  }
  if (value.is_string() && operand.transform == "tolower") value = lower(value.get<std::string>());
  if (value.is_string() && operand.transform == "toupper") {
    std::string text = value.get<std::string>();
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::toupper(ch); });
    value = text;
  }
  return value;
}

int compare(const nlohmann::json& a, const nlohmann::json& b, bool& comparable) {
  comparable = true;
  if (a.is_string() && b.is_string()) {
    std::string x = lower(a.get<std::string>()), y = lower(b.get<std::string>());
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_number() && b.is_number()) return a < b ? -1 : (a > b ? 1 : 0);
  if (a.is_boolean() && b.is_boolean()) return a == b ? 0 : 1;
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null() ? 0 : 1;
  if (a.is_string() || b.is_string()) {
    std::string x = a.is_string() ? a.get<std::string>() : a.dump(), y = b.is_string() ? b.get<std::string>() : b.dump();
    return lower(x) < lower(y) ? -1 : (lower(x) > lower(y) ? 1 : 0);
  }
  comparable = false;
  return 1;
}

bool evaluate(const ODataFilter::Node& node, const Subject& object, const nlohmann::json* variable) {
  using Kind = ODataFilter::Node::Kind;
  switch (node.kind) {
    case Kind::And:
      return evaluate(*node.children[0], object, variable) && evaluate(*node.children[1], object, variable);
    case Kind::Or:
      return evaluate(*node.children[0], object, variable) || evaluate(*node.children[1], object, variable);
    case Kind::Not:
      return !evaluate(*node.children[0], object, variable);
    case Kind::Any: {
      const nlohmann::json* items = lookup(object, node.collection);
      if (!items || !items->is_array()) return false;
      for (const nlohmann::json& item : *items)
        if (evaluate(*node.children[0], object, &item)) return true;
      return false;
    }
    case Kind::Call: {
      nlohmann::json a = value_of(node.lhs, object, variable), b = value_of(node.rhs, object, variable);
      if (!a.is_string() || !b.is_string()) return false;
      std::string x = a.get<std::string>(), y = b.get<std::string>();
      if (node.op == "contains") return x.find(y) != std::string::npos;
      x = lower(x);
      y = lower(y);
      if (node.op == "startswith") return x.starts_with(y);
      return x.ends_with(y);
    }
    case Kind::Compare: {
      bool comparable = false;
      int c = compare(value_of(node.lhs, object, variable), value_of(node.rhs, object, variable), comparable);
      if (node.op == "eq") return comparable && c == 0;
      if (node.op == "ne") return !comparable || c != 0;
      if (!comparable) return false;
      if (node.op == "gt") return c > 0;
      if (node.op == "ge") return c >= 0;
      if (node.op == "lt") return c < 0;
      return c <= 0;
    }
  }
  return false;
}

class Parser {
 public:
  explicit Parser(const std::string& text) : tokens_(tokenize(text)) {}

  NodePtr parse() {
    NodePtr node = parse_or();
    if (peek().kind != TokenKind::End) unsupported("unexpected '" + peek().text + "'");
    return node;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  Token next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool peek_word(const char* word) const { return peek().kind == TokenKind::Word && lower(peek().text) == word; }
  void expect(TokenKind kind, const char* what) {
    if (peek().kind != kind) unsupported(std::string("expected ") + what + " but found '" + peek().text + "'");
    next();
  }

  NodePtr binary(ODataFilter::Node::Kind kind, NodePtr a, NodePtr b) {
    auto node = std::make_unique<ODataFilter::Node>();
    node->kind = kind;
    node->children.push_back(std::move(a));
    node->children.push_back(std::move(b));
    return node;
  }

  NodePtr parse_or() {
    NodePtr left = parse_and();
    while (peek_word("or")) {
      next();
      left = binary(ODataFilter::Node::Kind::Or, std::move(left), parse_and());
    }
    return left;
  }

  NodePtr parse_and() {
    NodePtr left = parse_unary();
    while (peek_word("and")) {
      next();
      left = binary(ODataFilter::Node::Kind::And, std::move(left), parse_unary());
    }
    return left;
  }

  NodePtr parse_unary() {
    if (peek_word("not")) {
      next();
      auto node = std::make_unique<ODataFilter::Node>();
      node->kind = ODataFilter::Node::Kind::Not;
      node->children.push_back(parse_unary());
      return node;
    }
    if (peek().kind == TokenKind::LParen) {
      next();
      NodePtr inner = parse_or();
      expect(TokenKind::RParen, "')'");
      return inner;
    }
    return parse_predicate();
  }

  NodePtr parse_predicate() {
    const Token& first = peek();
    std::string name = lower(first.text);
    if (first.kind == TokenKind::Word && tokens_[pos_ + 1].kind == TokenKind::LParen &&
        (name == "startswith" || name == "endswith" || name == "contains")) {
      next();
      next();
      auto node = std::make_unique<ODataFilter::Node>();
      node->kind = ODataFilter::Node::Kind::Call;
      node->op = name;
      node->lhs = parse_operand();
      expect(TokenKind::Comma, "','");
      node->rhs = parse_operand();
      expect(TokenKind::RParen, "')'");
      return node;
    }
    if (first.kind == TokenKind::Word && lower(first.text).ends_with("/any") &&
        tokens_[pos_ + 1].kind == TokenKind::LParen)
      return parse_any();
    auto node = std::make_unique<ODataFilter::Node>();
    node->kind = ODataFilter::Node::Kind::Compare;
    node->lhs = parse_operand();
    std::string op = lower(next().text);
    if (op != "eq" && op != "ne" && op != "gt" && op != "ge" && op != "lt" && op != "le")
      unsupported("unsupported operator '" + op + "'");
    node->op = op;
    node->rhs = parse_operand();
    return node;
  }

  NodePtr parse_any() {
    std::string word = next().text;
    next();  // (
    auto node = std::make_unique<ODataFilter::Node>();
    node->kind = ODataFilter::Node::Kind::Any;
    node->collection = word.substr(0, word.size() - 4);
    Token variable = next();
    if (variable.kind != TokenKind::Word) unsupported("expected a lambda variable");
    variable_ = variable.text;
    expect(TokenKind::Colon, "':'");
    node->children.push_back(parse_or());
    expect(TokenKind::RParen, "')'");
    variable_.clear();
    return node;
  }

  Operand parse_operand() {
    Token token = next();
    Operand operand;
    if (token.kind == TokenKind::String) {
      operand.literal = token.text;
      return operand;
    }
    if (token.kind != TokenKind::Word) unsupported("expected a property or a value but found '" + token.text + "'");
    std::string word = lower(token.text);
    if ((word == "tolower" || word == "toupper") && peek().kind == TokenKind::LParen) {
      next();
      Operand inner = parse_operand();
      expect(TokenKind::RParen, "')'");
      inner.transform = word;
      return inner;
    }
    if (word == "null") return operand;
    if (word == "true" || word == "false") {
      operand.literal = word == "true";
      return operand;
    }
    if (std::isdigit(static_cast<unsigned char>(token.text[0])) || token.text[0] == '-') {
      bool integer = token.text.find_first_not_of("-0123456789") == std::string::npos;
      operand.literal = integer ? nlohmann::json(std::stoll(token.text)) : nlohmann::json(token.text);
      return operand;
    }
    if (!variable_.empty() && token.text == variable_) {
      operand.kind = Operand::Kind::Variable;
      return operand;
    }
    operand.kind = Operand::Kind::Path;
    operand.path = token.text;
    return operand;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::string variable_;
};

}  // namespace

ODataFilter::ODataFilter(const std::string& text) : root_(Parser(text).parse()) {}
ODataFilter::~ODataFilter() = default;
ODataFilter::ODataFilter(ODataFilter&&) noexcept = default;

bool ODataFilter::matches(const nlohmann::json& object, bool hide_internal) const {
  return evaluate(*root_, Subject{object, hide_internal}, nullptr);
}

}  // namespace tf::emulator
