// The error messages of the expression grammar, kept apart from the rules
// (grammar.h) and the actions (parse_actions.h). Each rule used under `must<>`
// has an entry here; the parser's control refuses to compile a `must<>` without
// one. `anchor` says where the error points: at the text where parsing stopped,
// or back at the opening token of the construct left unterminated.
#pragma once

#include <string>
#include <string_view>

#include "compiler/expr/grammar.h"

namespace tf::expr {

enum class ErrorAnchor {
  Here,           // where the parser stopped; the message gets ", found ..."
  HereNoFound,    // where the parser stopped; the message is complete
  AttributeOpen,  // the '[' of the unterminated attribute reference
  StringOpen,     // the '"' of the unterminated string
};

struct ErrorText {
  const char* message = nullptr;
  ErrorAnchor anchor = ErrorAnchor::Here;
};

template <typename Rule>
inline constexpr ErrorText error_text{};

namespace g = grammar;

template <>
inline constexpr ErrorText error_text<g::top_arg>{"expected an expression", ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::end_of_expression>{"expected the end of the expression",
                                                            ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::attribute_name>{"expected an attribute name after '['",
                                                         ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::attribute_close>{
    "unterminated attribute reference; expected a closing ']'", ErrorAnchor::AttributeOpen};
template <>
inline constexpr ErrorText error_text<g::string_body>{"invalid string", ErrorAnchor::StringOpen};
template <>
inline constexpr ErrorText error_text<g::string_close>{"unterminated string; expected a closing '\"'",
                                                       ErrorAnchor::StringOpen};
template <>
inline constexpr ErrorText error_text<g::hex_digits>{"expected hexadecimal digits after '&H'",
                                                     ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::decimal_digits>{"expected digits after '-'", ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::no_fraction>{
    "decimal fractions are not supported; numbers are whole, such as 42, -10 or &H2A",
    ErrorAnchor::HereNoFound};
template <>
inline constexpr ErrorText error_text<g::slot>{"expected an argument", ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::close_paren>{"expected ',' or ')' after the argument",
                                                      ErrorAnchor::Here};
template <>
inline constexpr ErrorText error_text<g::right_operand>{"expected a value after the comparison operator",
                                                        ErrorAnchor::Here};

// What the parser found at `rest` (the unparsed text), quoted for a message, and
// how many bytes of it to underline: "'AND'", "a string", "the end of the expression".
struct Found {
  std::string text;
  std::size_t length = 1;
};
Found describe_found(std::string_view rest);

// A message that replaces the generic one when the text at `rest` is a known
// mistake where an argument ended: AND/OR/NOT (nest IIF), a second comparison
// (comparisons do not chain), the '&' concatenation of older Microsoft languages,
// a ')' with no '('. Empty when there is nothing specific to say.
std::string explain_after_argument(std::string_view rest, bool inside_call);

}  // namespace tf::expr
