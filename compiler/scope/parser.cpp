// The PEGTL actions that build the scope-filter tree. Finished nodes go on a stack:
// an atom pushes one, 'not' replaces the top, and each 'and'/'or' tail merges the
// top two into one n-ary node, so chains stay flat.
#include "compiler/scope/parser.h"

#include <charconv>

#include "compiler/scope/grammar_errors.h"

namespace tf::scope {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

struct Builder {
  const char* base = nullptr;
  std::vector<NodePtr> nodes;
  Atom atom;
  bool negated_is = false;
  std::size_t depth = 0;
  pegtl::position string_start{0, 1, 1, ""};

  template <typename ActionInput>
  Span span_of(const ActionInput& in) const {
    return {static_cast<uint32_t>(in.begin() - base), static_cast<uint32_t>(in.size())};
  }
  NodePtr pop() {
    NodePtr top = std::move(nodes.back());
    nodes.pop_back();
    return top;
  }
};

uint32_t end_of(const Span& span) { return span.offset + span.length; }

Span cover(const Span& a, const Span& b) { return {a.offset, end_of(b) - a.offset}; }

std::string unescape(std::string_view quoted) {
  std::string out;
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == '"' || body[i + 1] == '\\')) ++i;
    out += body[i];
  }
  return out;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::attribute> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.atom = Atom{};
    b.negated_is = false;
    b.atom.attribute = in.string();
    b.atom.attribute_span = b.span_of(in);
  }
};

template <AtomKind Kind>
struct set_kind {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.atom.kind = Kind;
    b.atom.operator_span = b.span_of(in);
  }
};

template <> struct action<g::op_eq> : set_kind<AtomKind::Equals> {};
template <> struct action<g::op_ne> : set_kind<AtomKind::NotEquals> {};
template <> struct action<g::op_ge> : set_kind<AtomKind::GreaterEqual> {};
template <> struct action<g::op_le> : set_kind<AtomKind::LessEqual> {};
template <> struct action<g::op_gt> : set_kind<AtomKind::Greater> {};
template <> struct action<g::op_lt> : set_kind<AtomKind::Less> {};
template <> struct action<g::kw_in> : set_kind<AtomKind::In> {};
template <> struct action<g::kw_matches> : set_kind<AtomKind::Matches> {};
template <> struct action<g::kw_is> : set_kind<AtomKind::IsNull> {};

template <>
struct action<g::is_not> {
  template <typename ActionInput>
  static void apply(const ActionInput&, Builder& b) {
    b.negated_is = true;
  }
};

template <AtomKind Plain, AtomKind Negated>
struct set_truth {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.atom.kind = b.negated_is ? Negated : Plain;
    b.atom.operator_span = cover(b.atom.operator_span, b.span_of(in));
  }
};

template <> struct action<g::word_true> : set_truth<AtomKind::IsTrue, AtomKind::IsNotTrue> {};
template <> struct action<g::word_false> : set_truth<AtomKind::IsFalse, AtomKind::IsNotFalse> {};
template <> struct action<g::word_null> : set_truth<AtomKind::IsNull, AtomKind::IsNotNull> {};

struct push_string {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.atom.values.push_back(Literal{unescape(in.string_view()), false, b.span_of(in)});
  }
};

template <> struct action<g::string_lit> : push_string {};
template <> struct action<g::regex_lit> : push_string {};

template <>
struct action<g::integer> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    std::int64_t value = 0;
    auto text = in.string_view();
    auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc())
      throw pegtl::parse_error("integer '" + std::string(text) + "' is out of range (at most 19 digits)", in);
    b.atom.values.push_back(Literal{std::to_string(value), true, b.span_of(in)});
  }
};

template <>
struct action<g::atom> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    auto node = std::make_unique<Node>();
    node->span = b.span_of(in);
    node->value = std::move(b.atom);
    b.atom = Atom{};
    b.nodes.push_back(std::move(node));
  }
};

template <>
struct action<g::negation> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    auto node = std::make_unique<Node>();
    node->span = b.span_of(in);
    node->value = Not{b.pop()};
    b.nodes.push_back(std::move(node));
  }
};

// Merges the top two nodes into one n-ary And/Or.
template <typename Kind>
struct merge {
  template <typename ActionInput>
  static void apply(const ActionInput&, Builder& b) {
    NodePtr rhs = b.pop();
    NodePtr& lhs = b.nodes.back();
    if (!std::holds_alternative<Kind>(lhs->value)) {
      auto node = std::make_unique<Node>();
      node->span = lhs->span;
      Kind kind;
      kind.operands.push_back(std::move(lhs));
      node->value = std::move(kind);
      lhs = std::move(node);
    }
    lhs->span = cover(lhs->span, rhs->span);
    std::get<Kind>(lhs->value).operands.push_back(std::move(rhs));
  }
};

template <> struct action<g::and_tail> : merge<And> {};
template <> struct action<g::or_tail> : merge<Or> {};

}  // namespace

NodePtr parse_scope_filter(const LocatedString& text, Diagnostics& diagnostics) {
  pegtl::memory_input<> in(text.text, "scope filter");
  Builder builder;
  builder.base = text.text.data();
  try {
    pegtl::parse<g::filter, action, g::control>(in, builder);
  } catch (const pegtl::parse_error& e) {
    std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
    diagnostics.error(text.location_of(offset), std::string(e.message()), "scope-syntax");
    return nullptr;
  }
  if (builder.nodes.size() != 1) {
    diagnostics.error(text.location_of(0), "internal error: the scope filter parser left " +
                                               std::to_string(builder.nodes.size()) + " nodes", "scope-internal");
    return nullptr;
  }
  return builder.pop();
}

}  // namespace tf::scope
