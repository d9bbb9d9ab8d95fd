// The syntax tree of the readable scope-filter language (DESIGN.md "Scope
// filters"): atoms that each test one attribute, combined with not/and/or. Every
// node records its byte range in the filter text, which the LocatedString it came
// from maps back to the manifest, so later passes (the compiler to Entra groups,
// the direct evaluator) can point at the user's text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace tf::scope {

// Byte range [offset, offset + length) in the filter text.
struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
};

// What an atom tests. Each has exactly the semantics of one Entra operator
// (In: EQUALS any of the values).
enum class AtomKind {
  Equals,        // a == "x"      EQUALS
  NotEquals,     // a != "x"      NOT EQUALS (false when a is null or empty)
  In,            // a in ["x"]    EQUALS one of
  Matches,       // a matches "r" REGEX MATCH
  IsTrue,        // a is true     IS TRUE
  IsFalse,       // a is false    IS FALSE
  IsNull,        // a is null     IS NULL (null or empty)
  IsNotNull,     // a is not null IS NOT NULL
  IsNotTrue,     // a is not true  = not (a is true)
  IsNotFalse,    // a is not false = not (a is false)
  Greater,       // a > 5         GREATER_THAN
  GreaterEqual,  // a >= 5        GREATER_THAN_OR_EQUALS
  Less,          // a < 5         (no Entra operator)
  LessEqual,     // a <= 5        (no Entra operator)
};

struct Literal {
  std::string text;  // unescaped string, or the integer's decimal text
  bool is_integer = false;
  Span span;
};

struct Atom {
  std::string attribute;
  Span attribute_span;
  AtomKind kind = AtomKind::Equals;
  Span operator_span;
  std::vector<Literal> values;  // one for comparisons and matches, one or more for in, none for is
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Not {
  NodePtr operand;
};

// n-ary, so a long chain of 'and' or 'or' does not make a deep tree.
struct And {
  std::vector<NodePtr> operands;
};

struct Or {
  std::vector<NodePtr> operands;
};

struct Node {
  std::variant<Atom, Not, And, Or> value;
  Span span;
};

}  // namespace tf::scope
