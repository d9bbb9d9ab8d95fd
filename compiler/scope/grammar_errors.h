// The error message of each rule of the scope-filter grammar that is required once
// its construct has begun (grammar.h), and the PEGTL control that raises them.
// Messages follow STYLE.md: lower-case, say what was expected, suggest the fix.
#pragma once

#include "compiler/scope/grammar.h"

namespace tf::scope::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define TF_SCOPE_ERROR(rule, text) \
  template <>                      \
  inline constexpr const char* error_message<rule> = text

TF_SCOPE_ERROR(or_expr, "expected a condition: an attribute name, 'not' or '('");
TF_SCOPE_ERROR(and_expr, "expected a condition after 'or': an attribute name, 'not' or '('");
TF_SCOPE_ERROR(not_expr, "expected a condition: an attribute name, 'not' or '('");
TF_SCOPE_ERROR(end_of_filter, "expected 'and', 'or' or the end of the filter");
TF_SCOPE_ERROR(predicate,
               "expected a test after the attribute name: '==', '!=', 'in', 'matches', 'is', '>', '>=', '<' or "
               "'<='");
TF_SCOPE_ERROR(value, "expected a value: a string in double quotes or an integer");
TF_SCOPE_ERROR(value_list, "expected '[' to start the list of values after 'in'");
TF_SCOPE_ERROR(list_close, "expected ',' or ']' after a value in the list");
TF_SCOPE_ERROR(regex_lit, "expected a regular expression in double quotes after 'matches'");
TF_SCOPE_ERROR(string_body, "unterminated string: expected a closing '\"'");
TF_SCOPE_ERROR(is_word, "expected 'true', 'false' or 'null' after 'is'");
TF_SCOPE_ERROR(paren_close, "expected ')' to close the '('");
TF_SCOPE_ERROR(single_quoted, "strings are written in double quotes: \"text\"");
TF_SCOPE_ERROR(single_equals, "'=' is not an operator; write '==' to compare");
TF_SCOPE_ERROR(bang, "'!' is not an operator; write 'not' to negate");
TF_SCOPE_ERROR(double_amp, "'&&' is not an operator; write 'and'");
TF_SCOPE_ERROR(double_pipe, "'||' is not an operator; write 'or'");

#undef TF_SCOPE_ERROR

struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
  // Only must<> raises; a rule with a message may still fail quietly inside sor<>.
  template <typename Rule>
  static constexpr bool raise_on_failure = false;
};

template <typename Rule>
struct control : pegtl::must_if<errors, pegtl::normal, false>::control<Rule> {};

// An unterminated string is reported at its opening quote, not at the end of input;
// the parser's state remembers where the body began in a member `string_start`.
template <>
struct control<string_body> : pegtl::must_if<errors, pegtl::normal, false>::control<string_body> {
  template <typename ParseInput, typename State>
  static void start(const ParseInput& in, State& state) {
    state.string_start = in.position();
  }
  template <typename ParseInput, typename State>
  [[noreturn]] static void raise(const ParseInput&, State& state) {
    pegtl::position at = state.string_start;
    if (at.byte > 0 && at.column > 1) {
      --at.byte;
      --at.column;
    }
    throw pegtl::parse_error(error_message<string_body>, at);
  }
};

// Nesting ('not' and parentheses) is limited so that no later recursive pass can
// exhaust the stack; the parser's state counts the depth in a member `depth`.
inline constexpr std::size_t kMaxNesting = 100;

template <>
struct control<not_expr> : pegtl::must_if<errors, pegtl::normal, false>::control<not_expr> {
  using base = pegtl::must_if<errors, pegtl::normal, false>::control<not_expr>;
  template <typename ParseInput, typename State>
  static void start(const ParseInput& in, State& state) {
    if (++state.depth > kMaxNesting)
      throw pegtl::parse_error("the filter nests 'not' and parentheses more than 100 levels deep; simplify it", in);
  }
  template <typename ParseInput, typename State>
  static void success(const ParseInput&, State& state) {
    --state.depth;
  }
  template <typename ParseInput, typename State>
  static void failure(const ParseInput& in, State& state) {
    --state.depth;
    base::failure(in, state);
  }
};

}  // namespace tf::scope::grammar
