// The syntax tree of an Entra attribute-mapping expression
// (shared/reference/expressions.md §2): attribute references, string and number
// literals, bare words, function calls with positional (possibly empty) slots, and
// at most one comparison. Nodes are a std::variant of small structs with
// std::unique_ptr children; every node records its byte range in the expression
// text, which the Expression maps back to the manifest through its LocatedString.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "compiler/diag/location.h"

namespace tf::expr {

struct FunctionSpec;  // catalogue.h

// Byte range [offset, offset + length) in Expression::source.text.
struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

// [name]: the name is taken verbatim, case-sensitively.
struct AttributeRef {
  std::string name;
};

// "text": `value` is unescaped (\" -> ", \\ -> \, any other \x kept as \x).
struct StringLiteral {
  std::string value;
};

// 42, -10, &HF7. Graph stores numbers as string constants of their decimal text.
struct NumberLiteral {
  std::int64_t value = 0;
  std::string text;  // as written, e.g. "&HF7"
};

// An identifier not followed by '(' (an enum constant such as vbTextCompare).
struct BareWord {
  std::string name;
};

// Name(slot, slot, ...). An omitted slot is a null NodePtr; slots bind by position.
struct Call {
  std::string name;
  Span name_span;
  std::vector<NodePtr> args;
  // The catalogue entry for `name`, set by the parser when the name is known
  // (nullptr for an unknown function, which the checker reports).
  const FunctionSpec* function = nullptr;
  // Where each slot sits, parallel to `args` when the parser built the call: an
  // argument's span, or for an empty slot a zero-length span at the ',' or ')'
  // that ends it. May be empty for hand-built trees.
  std::vector<Span> slot_spans;
};

enum class CompareOp { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };

const char* compare_op_text(CompareOp op);  // "=", "<>", "<", "<=", ">", ">="

// lhs op rhs: at most one per argument, no chaining.
struct Comparison {
  CompareOp op = CompareOp::Equal;
  Span op_span;
  NodePtr lhs;
  NodePtr rhs;
};

struct Node {
  std::variant<AttributeRef, StringLiteral, NumberLiteral, BareWord, Call, Comparison> value;
  Span span;
};

// A parsed expression with the text it came from.
struct Expression {
  NodePtr root;
  LocatedString source;

  // The manifest location of a node (or any span of the text).
  Location location_of(Span span) const { return source.location_of(span.offset, span.length); }
};

}  // namespace tf::expr
