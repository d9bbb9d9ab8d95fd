// The PEGTL grammar of Entra attribute-mapping expressions, as a table of small
// named rules that follows shared/reference/expressions.md §2.1 line by line:
//
//   Expression <- WS Arg WS EOF
//   Arg        <- Operand (WS CmpOp WS Operand)?       at most one comparison
//   Operand    <- Call / Attribute / String / Number / BareWord
//   Call       <- Ident WS '(' WS ArgList? WS ')'
//   ArgList    <- Slot (WS ',' WS Slot)*
//   Slot       <- Arg / &(WS (',' / ')'))              an empty slot is an omitted argument
//
// Once a construct is recognised (its opening token matched) the rest is `must<>`,
// so an error is reported where the text stops making sense, with the message of
// the rule that failed (parse_errors.h). Actions that build the tree live in
// parse_actions.h; this file only says what is valid. `analyze<expression>()` must
// report no problems (tests/expr/grammar_analyze_test.cpp).
#pragma once

#include <tao/pegtl.hpp>

namespace tf::expr::grammar {

namespace pegtl = tao::pegtl;

// Whitespace between tokens: space, tab, CR, LF.
struct ws : pegtl::star<pegtl::one<' ', '\t', '\r', '\n'>> {};

struct identifier_first : pegtl::ranges<'A', 'Z', 'a', 'z', '_'> {};
struct identifier_other : pegtl::ranges<'A', 'Z', 'a', 'z', '0', '9', '_'> {};
struct identifier : pegtl::seq<identifier_first, pegtl::star<identifier_other>> {};

// [name]: one or more characters other than ']', taken verbatim.
struct attribute_open : pegtl::one<'['> {};
struct attribute_name : pegtl::plus<pegtl::not_one<']'>> {};
struct attribute_close : pegtl::one<']'> {};
struct attribute : pegtl::if_must<attribute_open, attribute_name, attribute_close> {};

// "text" with backslash escapes: \" and \\ unescape, any other \x is kept as is.
struct string_open : pegtl::one<'"'> {};
struct string_escape : pegtl::seq<pegtl::one<'\\'>, pegtl::any> {};
struct string_plain : pegtl::not_one<'"', '\\'> {};
struct string_body : pegtl::star<pegtl::sor<string_escape, string_plain>> {};
struct string_close : pegtl::one<'"'> {};
struct string_literal : pegtl::if_must<string_open, string_body, string_close> {};

// &HF7 (VB hexadecimal) or an optionally negative run of decimal digits.
struct hex_prefix : pegtl::string<'&', 'H'> {};
struct hex_digits : pegtl::plus<pegtl::xdigit> {};
struct hex_number : pegtl::if_must<hex_prefix, hex_digits> {};
struct minus : pegtl::one<'-'> {};
struct decimal_digits : pegtl::plus<pegtl::digit> {};
struct negative_number : pegtl::if_must<minus, decimal_digits> {};
struct no_fraction : pegtl::not_at<pegtl::one<'.'>> {};
struct decimal_number : pegtl::seq<pegtl::sor<negative_number, decimal_digits>, pegtl::must<no_fraction>> {};
struct number : pegtl::sor<hex_number, decimal_number> {};

// = <> < <= > >= (longest first).
struct compare_op : pegtl::sor<pegtl::string<'<', '>'>, pegtl::string<'<', '='>, pegtl::string<'>', '='>,
                               pegtl::one<'='>, pegtl::one<'<'>, pegtl::one<'>'>> {};

struct arg;  // recursive: a call's slots hold arguments

// Name( — an identifier followed by '(' commits to a call.
struct call_head : pegtl::seq<identifier, ws, pegtl::one<'('>> {};
struct close_paren : pegtl::one<')'> {};
struct comma : pegtl::one<','> {};
struct empty_slot : pegtl::at<ws, pegtl::sor<comma, close_paren>> {};
struct slot : pegtl::sor<arg, empty_slot> {};
struct next_slot : pegtl::seq<ws, comma, ws, pegtl::must<slot>> {};
struct slots : pegtl::seq<pegtl::not_at<close_paren>, pegtl::must<slot>, pegtl::star<next_slot>> {};
struct call : pegtl::seq<call_head, ws, pegtl::opt<slots>, ws, pegtl::must<close_paren>> {};

// An identifier not followed by '(' (call_head failed): an enum constant.
struct bare_word : identifier {};

struct operand : pegtl::sor<call, attribute, string_literal, number, bare_word> {};
struct right_operand : operand {};
struct comparison_tail : pegtl::seq<ws, compare_op, ws, pegtl::must<right_operand>> {};
struct arg : pegtl::seq<operand, pegtl::opt<comparison_tail>> {};

struct top_arg : arg {};
struct end_of_expression : pegtl::eof {};
struct expression : pegtl::seq<ws, pegtl::must<top_arg>, ws, pegtl::must<end_of_expression>> {};

}  // namespace tf::expr::grammar
