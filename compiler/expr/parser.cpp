// The expression parser (parser.h): runs the PEGTL grammar with the tree-building
// actions and turns the first syntax error into a located diagnostic. The error
// control below is the only place that knows both the failing rule (for its
// message, parse_errors.h) and the builder's state (for the opening token of an
// unterminated construct, the call a missing ')' belongs to).
#include "compiler/expr/parser.h"

#include <charconv>
#include <string>

#include "compiler/expr/parse_actions.h"
#include "compiler/expr/parse_errors.h"

namespace tf::expr {
namespace {

namespace pegtl = tao::pegtl;

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// "; strings are written in double quotes" when the user typed 'text'.
std::string quote_hint(std::string_view rest) {
  return !rest.empty() && rest[0] == '\'' ? "; strings are written in double quotes, e.g. \"Member\"" : "";
}

std::string ordinal_argument(std::size_t n) {
  return "argument " + std::to_string(n);
}

// Refines the generic message of a few rules with what the builder knows.
void refine(SyntaxError& e, std::string_view message, std::string_view found, std::string_view rest,
            const TreeBuilder& b, const grammar::close_paren*) {
  const CallFrame& frame = b.calls.back();
  std::string special = explain_after_argument(rest, true);
  e.message = !special.empty()
                  ? special
                  : "expected ',' or ')' after " + ordinal_argument(frame.args.size()) + " of '" +
                        frame.name + "', found " + std::string(found) + quote_hint(rest);
  (void)message;
  e.has_note = true;
  e.note_offset = frame.paren;
  e.note = "the argument list of '" + frame.name + "' opens here";
}

void refine(SyntaxError& e, std::string_view, std::string_view, std::string_view rest, const TreeBuilder&,
            const grammar::end_of_expression*) {
  std::string special = explain_after_argument(rest, false);
  if (!special.empty()) e.message = special;
}

void refine(SyntaxError& e, std::string_view, std::string_view found, std::string_view rest,
            const TreeBuilder& b, const grammar::right_operand*) {
  const PendingComparison& pending = b.comparisons.back();
  e.message = "expected a value after '" + std::string(compare_op_text(pending.op)) + "', found " +
              std::string(found) + quote_hint(rest);
}

void refine(SyntaxError& e, std::string_view, std::string_view, std::string_view rest, const TreeBuilder& b,
            const grammar::top_arg*) {
  if (is_blank(rest) && b.nodes.empty())
    e.message =
        "empty expression; expected an attribute such as [mail], a string such as \"Member\" or a function "
        "call "
        "such as Join(\" \", [givenName], [surname])";
}

void refine(SyntaxError&, std::string_view, std::string_view, std::string_view, const TreeBuilder&,
            const void*) {}

template <typename Rule>
SyntaxError make_error(const char* at, const char* end, const TreeBuilder& b) {
  constexpr ErrorText text = error_text<Rule>;
  static_assert(text.message != nullptr, "every rule under must<> needs an entry in parse_errors.h");
  SyntaxError e;
  e.offset = b.offset_of(at);
  std::string_view rest(at, static_cast<std::size_t>(end - at));
  Found found = describe_found(rest);
  switch (text.anchor) {
    case ErrorAnchor::Here:
      e.length = found.length;
      e.message = std::string(text.message) + ", found " + found.text + quote_hint(rest);
      break;
    case ErrorAnchor::HereNoFound:
      e.message = text.message;
      break;
    case ErrorAnchor::AttributeOpen:
      e.offset = b.attribute_open;
      e.message = text.message;
      break;
    case ErrorAnchor::StringOpen:
      e.offset = b.string_open;
      e.message = text.message;
      break;
  }
  refine(e, text.message, found.text, rest, b, static_cast<const Rule*>(nullptr));
  return e;
}

template <typename Rule>
struct ErrorControl : pegtl::normal<Rule> {
  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, TreeBuilder& builder) {
    throw make_error<Rule>(in.current(), in.end(), builder);
  }
};

// The number of UTF-16 code units of `text` (what Entra's .NET counts), and the
// byte offset where the code unit past `limit` starts (npos when within the limit).
std::size_t offset_past_limit(std::string_view text, std::size_t limit) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;
    units += byte >= 0xF0 ? 2 : 1;
    if (units > limit) return i;
  }
  return std::string_view::npos;
}

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) units += byte >= 0xF0 ? 2 : 1;
  }
  return units;
}

bool check_length(const LocatedString& text, Diagnostics& diagnostics) {
  std::size_t past = offset_past_limit(text.text, kMaxExpressionLength);
  if (past == std::string_view::npos) return true;
  Diagnostic& d =
      diagnostics.error(text.location_of(past, 1),
                        "expression is too long: " + std::to_string(utf16_length(text.text)) +
                            " characters where Entra allows at most " + std::to_string(kMaxExpressionLength) +
                            "; the part past the limit starts here",
                        "ExpressionTooLong");
  note_if_approximate(d, text, past);
  return false;
}

// The byte offset of the first byte that is not part of well-formed UTF-8
// (overlong forms, surrogates and values past U+10FFFF included), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80                    ? 1
                    : lead >= 0xC2 && lead <= 0xDF ? 2
                    : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                   : 0;
    if (n == 0 || i + n > text.size()) return i;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    auto second = static_cast<unsigned char>(text[i + 1 < text.size() ? i + 1 : i]);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
      return i;
    i += n;
  }
  return std::string_view::npos;
}

bool check_encoding(const LocatedString& text, Diagnostics& diagnostics) {
  std::size_t bad = first_invalid_utf8(text.text);
  if (bad == std::string_view::npos) return true;
  static const char* hex = "0123456789ABCDEF";
  auto byte = static_cast<unsigned char>(text.text[bad]);
  Diagnostic& d = diagnostics.error(text.location_of(bad, 1),
                                    std::string("invalid UTF-8: byte 0x") + hex[byte >> 4] + hex[byte & 15] +
                                        " cannot start or continue a character here; save the file as UTF-8",
                                    "ParseError");
  note_if_approximate(d, text, bad);
  return false;
}

void report(const SyntaxError& e, const LocatedString& text, Diagnostics& diagnostics) {
  Diagnostic& d = diagnostics.error(text.location_of(e.offset, e.length), e.message, "ParseError");
  note_if_approximate(d, text, e.offset);
  if (e.has_note && !text.approximate) d.note(text.location_of(e.note_offset, 1), e.note);
}

}  // namespace

void note_if_approximate(Diagnostic& diagnostic, const LocatedString& text, std::size_t offset) {
  if (!text.approximate || !text.start.valid()) return;
  constexpr std::size_t kExcerpt = 24;
  std::string excerpt = text.text.substr(std::min(offset, text.text.size()), kExcerpt);
  for (char& c : excerpt)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  diagnostic.note(text.start,
                  "the column is that of the scalar's start (its layout hides exact columns); the "
                  "problem is at character " +
                      std::to_string(offset + 1) + " of the expression, " +
                      (excerpt.empty() ? "its end" : "at '" + excerpt + "'"));
}

std::string unescape_string(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == '"' || body[i + 1] == '\\')) ++i;
    out += body[i];
  }
  return out;
}

std::optional<std::int64_t> number_value(std::string_view text) {
  if (text.substr(0, 2) == "&H") {
    std::uint64_t value = 0;
    auto digits = text.substr(2);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(value);
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

CompareOp compare_op_from(std::string_view text) {
  if (text == "<>") return CompareOp::NotEqual;
  if (text == "<=") return CompareOp::LessEqual;
  if (text == ">=") return CompareOp::GreaterEqual;
  if (text == "<") return CompareOp::Less;
  if (text == ">") return CompareOp::Greater;
  return CompareOp::Equal;
}

std::optional<Expression> parse_expression(LocatedString text, Diagnostics& diagnostics) {
  if (!check_length(text, diagnostics) || !check_encoding(text, diagnostics)) return std::nullopt;
  TreeBuilder builder;
  builder.base = text.text.data();
  pegtl::memory_input<> in(text.text.data(), text.text.size(), "expression");
  try {
    if (!pegtl::parse<grammar::expression, BuildAction, ErrorControl>(in, builder) ||
        builder.nodes.size() != 1) {
      diagnostics.error(text.location_of(0, 1), "expression could not be parsed", "ParseError");
      return std::nullopt;
    }
  } catch (const SyntaxError& e) {
    report(e, text, diagnostics);
    return std::nullopt;
  }
  Expression out;
  out.root = builder.pop();
  out.source = std::move(text);
  return out;
}

}  // namespace tf::expr
