// The grammar of the readable scope-filter language, as PEGTL 3.x rules (one small
// named struct each, so actions and error messages can refer to them):
//
//   filter     <- ws or_expr ws EOF
//   or_expr    <- and_expr ('or' and_expr)*            precedence: not > and > or
//   and_expr   <- not_expr ('and' not_expr)*
//   not_expr   <- 'not' not_expr / '(' or_expr ')' / atom
//   atom       <- attribute (compare value / 'in' '[' value (',' value)* ']'
//                            / 'matches' string / 'is' 'not'? ('true' / 'false' / 'null'))
//   compare    <- '==' / '!=' / '>=' / '<=' / '>' / '<'
//   value      <- string / integer        string: "..." with \" and \\ escapes
//
// Once a construct is recognised (a keyword, an attribute name, an opening quote or
// bracket) the rest is required (if_must), so errors point where the text went wrong.
// The messages are in grammar_errors.h; the actions building the tree in parser.cpp.
#pragma once

#include <tao/pegtl.hpp>

namespace tf::scope::grammar {

namespace pegtl = tao::pegtl;

struct ws : pegtl::star<pegtl::space> {};
struct ident_other : pegtl::identifier_other {};

struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_matches : TAO_PEGTL_KEYWORD("matches") {};
struct kw_is : TAO_PEGTL_KEYWORD("is") {};
struct is_not : TAO_PEGTL_KEYWORD("not") {};
struct word_true : TAO_PEGTL_KEYWORD("true") {};
struct word_false : TAO_PEGTL_KEYWORD("false") {};
struct word_null : TAO_PEGTL_KEYWORD("null") {};
struct reserved
    : pegtl::sor<kw_and, kw_or, kw_not, kw_in, kw_matches, kw_is, word_true, word_false, word_null> {};

// Attribute names: identifiers, which covers extension_<appid>_<name>.
struct attribute : pegtl::seq<pegtl::not_at<reserved>, pegtl::identifier> {};

// Strings: the body is required once the opening quote is seen.
struct escape : pegtl::seq<pegtl::one<'\\'>, pegtl::any> {};
struct plain_char : pegtl::not_one<'"', '\\'> {};
struct string_body : pegtl::until<pegtl::one<'"'>, pegtl::sor<escape, plain_char>> {};
struct string_lit : pegtl::if_must<pegtl::one<'"'>, string_body> {};
struct single_quoted : pegtl::failure {};  // 'text': a common slip, reported as such
struct integer : pegtl::seq<pegtl::opt<pegtl::one<'-'>>, pegtl::plus<pegtl::digit>, pegtl::not_at<ident_other>> {};
struct value : pegtl::sor<string_lit, integer, pegtl::seq<pegtl::at<pegtl::one<'\''>>, pegtl::must<single_quoted>>> {};

struct op_eq : pegtl::string<'=', '='> {};
struct op_ne : pegtl::string<'!', '='> {};
struct op_ge : pegtl::string<'>', '='> {};
struct op_le : pegtl::string<'<', '='> {};
struct op_gt : pegtl::one<'>'> {};
struct op_lt : pegtl::one<'<'> {};
struct compare_op : pegtl::sor<op_eq, op_ne, op_ge, op_le, op_gt, op_lt> {};
struct comparison : pegtl::if_must<compare_op, ws, value> {};
struct single_equals : pegtl::failure {};  // a = "x"
struct bad_equals : pegtl::seq<pegtl::at<pegtl::one<'='>>, pegtl::must<single_equals>> {};

struct list_close : pegtl::one<']'> {};
struct list_more : pegtl::if_must<pegtl::seq<ws, pegtl::one<','>>, ws, value> {};
struct value_list : pegtl::if_must<pegtl::one<'['>, ws, value, pegtl::star<list_more>, ws, list_close> {};
struct in_test : pegtl::if_must<kw_in, ws, value_list> {};
struct regex_lit : string_lit {};
struct matches_test : pegtl::if_must<kw_matches, ws, regex_lit> {};
struct is_word : pegtl::sor<word_true, word_false, word_null> {};
struct is_test : pegtl::if_must<kw_is, ws, pegtl::opt<is_not, ws>, is_word> {};
struct predicate : pegtl::sor<comparison, in_test, matches_test, is_test, bad_equals> {};
struct atom : pegtl::if_must<attribute, ws, predicate> {};

struct or_expr;
struct not_expr;
struct paren_close : pegtl::one<')'> {};
struct paren : pegtl::if_must<pegtl::one<'('>, ws, or_expr, ws, paren_close> {};
struct negation : pegtl::if_must<kw_not, ws, not_expr> {};
struct bang : pegtl::failure {};  // !a
struct bad_bang : pegtl::seq<pegtl::at<pegtl::one<'!'>>, pegtl::must<bang>> {};
struct not_expr : pegtl::sor<negation, paren, atom, bad_bang> {};

struct double_amp : pegtl::failure {};   // a && b
struct double_pipe : pegtl::failure {};  // a || b
struct bad_and : pegtl::seq<ws, pegtl::at<pegtl::string<'&', '&'>>, pegtl::must<double_amp>> {};
struct bad_or : pegtl::seq<ws, pegtl::at<pegtl::string<'|', '|'>>, pegtl::must<double_pipe>> {};
struct and_tail : pegtl::if_must<pegtl::seq<ws, kw_and>, ws, not_expr> {};
struct and_expr : pegtl::seq<not_expr, pegtl::star<pegtl::sor<and_tail, bad_and, bad_or>>> {};
struct or_tail : pegtl::if_must<pegtl::seq<ws, kw_or>, ws, and_expr> {};
struct or_expr : pegtl::seq<and_expr, pegtl::star<or_tail>> {};

struct end_of_filter : pegtl::eof {};
struct filter : pegtl::seq<ws, pegtl::must<or_expr>, ws, pegtl::must<end_of_filter>> {};

}  // namespace tf::scope::grammar
