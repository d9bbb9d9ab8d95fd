// The PEGTL actions that build the located syntax tree (ast.h) while the grammar
// (grammar.h) matches. Leaf rules push finished nodes on a stack; a call collects
// its slots in a frame; a comparison takes the two operands around its operator.
// Every rule with an action here succeeds only once its text is final, so no
// backtracking ever leaves a stray node behind. Errors found by actions (a number
// out of range, nesting too deep) are thrown as SyntaxError, like grammar errors.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "compiler/expr/ast.h"
#include "compiler/expr/catalogue.h"
#include "compiler/expr/grammar.h"
#include "compiler/expr/parser.h"

namespace tf::expr {

// A syntax error at [offset, offset + length) of the expression text, with an
// optional note pointing elsewhere (e.g. at the '(' a missing ')' would close).
struct SyntaxError {
  std::size_t offset = 0;
  std::size_t length = 1;
  std::string message;
  bool has_note = false;
  std::size_t note_offset = 0;
  std::string note;
};

inline SyntaxError syntax_error(std::size_t offset, std::size_t length, std::string message) {
  SyntaxError e;
  e.offset = offset;
  e.length = length;
  e.message = std::move(message);
  return e;
}

struct CallFrame {
  std::string name;
  Span name_span;
  uint32_t start = 0;
  uint32_t paren = 0;
  std::vector<NodePtr> args;
  std::vector<Span> slot_spans;
};

struct PendingComparison {
  CompareOp op = CompareOp::Equal;
  Span span;
};

struct TreeBuilder {
  const char* base = nullptr;
  std::vector<NodePtr> nodes;  // finished operands; nullptr = an empty slot
  std::vector<CallFrame> calls;
  std::vector<PendingComparison> comparisons;
  uint32_t attribute_open = 0;
  uint32_t string_open = 0;
  uint32_t empty_slot = 0;  // where the last empty slot sits

  uint32_t offset_of(const char* p) const { return static_cast<uint32_t>(p - base); }

  template <typename ActionInput>
  Span span_of(const ActionInput& in) const {
    return {offset_of(in.begin()), static_cast<uint32_t>(in.size())};
  }

  template <typename T>
  void push(T value, Span span) {
    auto node = std::make_unique<Node>();
    node->value = std::move(value);
    node->span = span;
    nodes.push_back(std::move(node));
  }

  NodePtr pop() {
    NodePtr node = std::move(nodes.back());
    nodes.pop_back();
    return node;
  }
};

// \" -> "   \\ -> \   any other \x stays \x (expressions.md §2).
std::string unescape_string(std::string_view body);
// The value of a number as written ("42", "-10", "&HF7"); nullopt when it does not
// fit in 64 bits.
std::optional<std::int64_t> number_value(std::string_view text);
CompareOp compare_op_from(std::string_view text);

template <typename Rule>
struct BuildAction : tao::pegtl::nothing<Rule> {};

namespace g = grammar;

template <>
struct BuildAction<g::attribute_open> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    b.attribute_open = b.offset_of(in.begin());
  }
};

template <>
struct BuildAction<g::attribute> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    std::string_view text = in.string_view();
    b.push(AttributeRef{std::string(text.substr(1, text.size() - 2))}, b.span_of(in));
  }
};

template <>
struct BuildAction<g::string_open> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    b.string_open = b.offset_of(in.begin());
  }
};

template <>
struct BuildAction<g::string_literal> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    std::string_view text = in.string_view();
    b.push(StringLiteral{unescape_string(text.substr(1, text.size() - 2))}, b.span_of(in));
  }
};

template <>
struct BuildAction<g::number> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    std::string text = in.string();
    auto value = number_value(text);
    if (!value)
      throw syntax_error(b.offset_of(in.begin()), in.size(),
                         "number '" + text + "' is too large; numbers must fit in 64 bits");
    b.push(NumberLiteral{*value, text}, b.span_of(in));
  }
};

template <>
struct BuildAction<g::bare_word> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    b.push(BareWord{in.string()}, b.span_of(in));
  }
};

template <>
struct BuildAction<g::call_head> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    std::string_view text = in.string_view();
    std::size_t name_length = 0;
    while (name_length < text.size() && text[name_length] != '(' && text[name_length] != ' ' &&
           text[name_length] != '\t' && text[name_length] != '\r' && text[name_length] != '\n')
      ++name_length;
    uint32_t start = b.offset_of(in.begin());
    if (b.calls.size() >= kMaxCallDepth)
      throw syntax_error(start, name_length,
                         "function calls are nested more than " + std::to_string(kMaxCallDepth) +
                             " levels deep; simplify the expression");
    CallFrame frame;
    frame.name = std::string(text.substr(0, name_length));
    frame.name_span = {start, static_cast<uint32_t>(name_length)};
    frame.start = start;
    frame.paren = start + static_cast<uint32_t>(text.size()) - 1;
    b.calls.push_back(std::move(frame));
  }
};

template <>
struct BuildAction<g::empty_slot> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    b.empty_slot = b.offset_of(in.begin());
    b.nodes.push_back(nullptr);
  }
};

template <>
struct BuildAction<g::slot> {
  template <typename In>
  static void apply(const In&, TreeBuilder& b) {
    NodePtr node = b.pop();
    CallFrame& frame = b.calls.back();
    frame.slot_spans.push_back(node ? node->span : Span{b.empty_slot, 0});
    frame.args.push_back(std::move(node));
  }
};

template <>
struct BuildAction<g::call> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    CallFrame frame = std::move(b.calls.back());
    b.calls.pop_back();
    Call call;
    call.function = find_function(frame.name);
    call.name = std::move(frame.name);
    call.name_span = frame.name_span;
    call.args = std::move(frame.args);
    call.slot_spans = std::move(frame.slot_spans);
    b.push(std::move(call), b.span_of(in));
  }
};

template <>
struct BuildAction<g::compare_op> {
  template <typename In>
  static void apply(const In& in, TreeBuilder& b) {
    b.comparisons.push_back({compare_op_from(in.string_view()), b.span_of(in)});
  }
};

template <>
struct BuildAction<g::comparison_tail> {
  template <typename In>
  static void apply(const In&, TreeBuilder& b) {
    PendingComparison pending = b.comparisons.back();
    b.comparisons.pop_back();
    Comparison comparison;
    comparison.op = pending.op;
    comparison.op_span = pending.span;
    comparison.rhs = b.pop();
    comparison.lhs = b.pop();
    Span span{comparison.lhs->span.offset,
              comparison.rhs->span.offset + comparison.rhs->span.length - comparison.lhs->span.offset};
    b.push(std::move(comparison), span);
  }
};

}  // namespace tf::expr
