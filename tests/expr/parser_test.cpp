// The expression parser: every token kind, empty slots, spans and columns, and
// syntax errors reported at the exact column with the §2.2 category.
#include <doctest/doctest.h>

#include "compiler/expr/catalogue.h"
#include "compiler/expr/parser.h"
#include "tests/expr/front_test_support.h"

using namespace tf;
using namespace tf::expr;
using tf::expr::testing::parse;
using tf::expr::testing::parse_ok;

namespace {

const Call& root_call(const Expression& e) {
  return std::get<Call>(e.root->value);
}

// Parses text that must fail; returns the one diagnostic.
Diagnostic parse_error_of(const std::string& text) {
  Diagnostics d;
  auto e = parse(text, d);
  REQUIRE_FALSE(e.has_value());
  REQUIRE(d.items().size() == 1);
  return d.items()[0];
}

}  // namespace

TEST_CASE("parser: an attribute reference keeps its name verbatim, dots, dashes and spaces included") {
  for (std::string name : {"mail", "passwordProfile.password", "msDS-cloudExtensionAttribute1", " a b ",
                           "extension_53c9e2c0b4e34d5a9d2c6c6f8a8b7e21_acmeCostCenter"}) {
    auto e = parse_ok("[" + name + "]");
    REQUIRE(e);
    CHECK(std::get<AttributeRef>(e->root->value).name == name);
    CHECK(e->root->span.offset == 0);
    CHECK(e->root->span.length == name.size() + 2);
  }
}

TEST_CASE("parser: strings unescape \\\" and \\\\ and keep any other backslash pair") {
  auto e = parse_ok(R"("a\"b\\c\d\+")");
  REQUIRE(e);
  CHECK(std::get<StringLiteral>(e->root->value).value == R"(a"b\c\d\+)");
}

TEST_CASE("parser: a string may hold a raw line break and UTF-8 text") {
  auto e = parse_ok("\"Zoë\nŁódź\"");
  REQUIRE(e);
  CHECK(std::get<StringLiteral>(e->root->value).value == "Zoë\nŁódź");
}

TEST_CASE("parser: decimal numbers keep their text and value, negative ones too") {
  auto e = parse_ok("Join(\"\", 1000, -10, 129699324000000000)");
  REQUIRE(e);
  const auto& args = root_call(*e).args;
  REQUIRE(args.size() == 4);
  CHECK(std::get<NumberLiteral>(args[1]->value).value == 1000);
  CHECK(std::get<NumberLiteral>(args[2]->value).value == -10);
  CHECK(std::get<NumberLiteral>(args[2]->value).text == "-10");
  CHECK(std::get<NumberLiteral>(args[3]->value).value == 129699324000000000);
}

TEST_CASE("parser: &H hexadecimal numbers keep their text and take their integer value") {
  auto e = parse_ok("BitAnd(&HF, &HF7)");
  REQUIRE(e);
  const auto& args = root_call(*e).args;
  CHECK(std::get<NumberLiteral>(args[0]->value).value == 15);
  CHECK(std::get<NumberLiteral>(args[1]->value).value == 247);
  CHECK(std::get<NumberLiteral>(args[1]->value).text == "&HF7");
}

TEST_CASE("parser: an identifier not followed by '(' is a bare word") {
  auto e = parse_ok("InStr(\"repEated\", \"e\", 3, vbBinaryCompare)");
  REQUIRE(e);
  const auto& args = root_call(*e).args;
  REQUIRE(args.size() == 4);
  CHECK(std::get<BareWord>(args[3]->value).name == "vbBinaryCompare");
  CHECK(args[3]->span.offset == 26);
  CHECK(args[3]->span.length == 15);
}

TEST_CASE("parser: F() and F( ) have no slots, F(,) has two empty ones") {
  auto none = parse_ok("Now()");
  auto spaced = parse_ok("Now( )");
  auto two = parse_ok("Guid(,)");
  REQUIRE((none && spaced && two));
  CHECK(root_call(*none).args.empty());
  CHECK(root_call(*spaced).args.empty());
  REQUIRE(root_call(*two).args.size() == 2);
  CHECK(root_call(*two).args[0] == nullptr);
  CHECK(root_call(*two).args[1] == nullptr);
}

TEST_CASE("parser: omitted arguments are null slots at their positions, trailing ones included") {
  auto e = parse_ok("Replace([preferredLanguage], \"-\", , , \"_\", ,  )");
  REQUIRE(e);
  const auto& args = root_call(*e).args;
  REQUIRE(args.size() == 7);
  std::vector<bool> present;
  for (const auto& a : args) present.push_back(a != nullptr);
  CHECK(present == std::vector<bool>{true, true, false, false, true, false, false});
  const auto& spans = root_call(*e).slot_spans;
  REQUIRE(spans.size() == 7);
  CHECK(spans[1].offset == 29);
  CHECK(spans[1].length == 3);
  CHECK(spans[2].offset == 34);
  CHECK(spans[2].length == 0);
  CHECK(spans[6].offset == 46);
}

TEST_CASE("parser: whitespace and line breaks are allowed between all tokens, also before '('") {
  auto e = parse_ok("  Append (\n\t[userPrincipalName] ,\r\n  \".test\"\n)  ");
  REQUIRE(e);
  CHECK(root_call(*e).name == "Append");
  CHECK(root_call(*e).args.size() == 2);
  CHECK(e->root->span.offset == 2);
}

TEST_CASE("parser: known function names resolve to their catalogue entry, others stay unresolved") {
  auto known = parse_ok("Append([a], \"b\")");
  auto unknown = parse_ok("append([a], \"b\")");
  REQUIRE((known && unknown));
  REQUIRE(root_call(*known).function != nullptr);
  CHECK(root_call(*known).function->id == FunctionId::Append);
  CHECK(root_call(*unknown).function == nullptr);
}

TEST_CASE("parser: every comparison operator parses, with its own span") {
  const std::vector<std::pair<std::string, CompareOp>> ops = {
      {"=", CompareOp::Equal},      {"<>", CompareOp::NotEqual}, {"<", CompareOp::Less},
      {"<=", CompareOp::LessEqual}, {">", CompareOp::Greater},   {">=", CompareOp::GreaterEqual}};
  for (const auto& [text, op] : ops) {
    auto e = parse_ok("IIF([a] " + text + " 5, \"y\", \"n\")");
    REQUIRE(e);
    const auto& cmp = std::get<Comparison>(root_call(*e).args[0]->value);
    CHECK(cmp.op == op);
    CHECK(compare_op_text(cmp.op) == text);
    CHECK(cmp.op_span.offset == 8);
    CHECK(cmp.op_span.length == text.size());
    CHECK(root_call(*e).args[0]->span.offset == 4);
  }
}

TEST_CASE("parser: a comparison may stand at the top level") {
  auto e = parse_ok("[a]=\"x\"");
  REQUIRE(e);
  const auto& cmp = std::get<Comparison>(e->root->value);
  CHECK(std::get<AttributeRef>(cmp.lhs->value).name == "a");
  CHECK(std::get<StringLiteral>(cmp.rhs->value).value == "x");
  CHECK(e->root->span.length == 7);
}

TEST_CASE("parser: nested calls record the byte range of the call and of its name") {
  auto e = parse_ok("Join(\" \", Mid([givenName], 1, 1), [surname])");
  REQUIRE(e);
  const Call& join = root_call(*e);
  CHECK(e->root->span.length == 44);
  CHECK(join.name_span.offset == 0);
  CHECK(join.name_span.length == 4);
  const Node& mid = *join.args[1];
  CHECK(mid.span.offset == 10);
  CHECK(mid.span.length == 22);
  CHECK(std::get<Call>(mid.value).name_span.offset == 10);
  CHECK(join.args[2]->span.offset == 34);
}

TEST_CASE("parser: locations map into the manifest through the LocatedString") {
  auto file = make_source_file("org/m.yaml", "attributes:\n  displayName: 'Join(\" \", [a]'\n");
  LocatedString text;
  text.text = "Join(\" \", [a]";
  text.start = Location{file, 2, 17, 1};
  Diagnostics d;
  CHECK_FALSE(parse_expression(text, d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].location.line == 2);
  CHECK(d.items()[0].location.column == 17 + 13);
  REQUIRE(d.items()[0].notes.size() == 1);
  CHECK(d.items()[0].notes[0].location.column == 17 + 4);
}

TEST_CASE("parser: an unterminated string points at its opening quote") {
  Diagnostic d = parse_error_of("Append([a], \"abc");
  CHECK(d.code == "ParseError");
  CHECK(d.location.column == 13);
  CHECK(d.message == "unterminated string; expected a closing '\"'");
}

TEST_CASE("parser: a string ending in an escaped quote is unterminated") {
  Diagnostic d = parse_error_of("Append(\"C:\\\", [a])");
  CHECK(d.location.column == 8);
}

TEST_CASE("parser: an unterminated attribute reference points at its '['") {
  Diagnostic d = parse_error_of("Append([abc, \"x\")");
  CHECK(d.code == "ParseError");
  CHECK(d.location.column == 8);
  CHECK(d.message == "unterminated attribute reference; expected a closing ']'");
}

TEST_CASE("parser: an empty attribute reference is an error at its ']'") {
  Diagnostic d = parse_error_of("Append([], \"x\")");
  CHECK(d.location.column == 9);
  CHECK(d.message == "expected an attribute name after '[', found ']'");
}

TEST_CASE("parser: a missing ')' points where it was expected and notes the '('") {
  Diagnostic d = parse_error_of("Append([a], \"x\"");
  CHECK(d.location.column == 16);
  CHECK(d.message == "expected ',' or ')' after argument 2 of 'Append', found the end of the expression");
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].location.column == 7);
  CHECK(d.notes[0].message == "the argument list of 'Append' opens here");
}

TEST_CASE("parser: a missing comma names the argument and what was found") {
  Diagnostic d = parse_error_of("Append([a] \"x\")");
  CHECK(d.location.column == 12);
  CHECK(d.message == "expected ',' or ')' after argument 1 of 'Append', found a string");
}

TEST_CASE("parser: AND is rejected with a hint to nest IIF") {
  Diagnostic d = parse_error_of("IIF([a]=\"x\" AND [b]=\"y\",\"1\",\"0\")");
  CHECK(d.code == "ParseError");
  CHECK(d.location.column == 13);
  CHECK(d.location.length == 3);
  CHECK(d.message.find("nest IIF") != std::string::npos);
  CHECK(d.message.find("'AND'") == 0);
}

TEST_CASE("parser: OR, NOT, && and & are each explained") {
  CHECK(parse_error_of("IIF([a]=\"x\" or [b]=\"y\",\"1\",\"0\")").message.find("'OR'") == 0);
  CHECK(parse_error_of("IIF(NOT [a]=\"x\",\"1\",\"0\")").message.find("expected ',' or ')'") == 0);
  CHECK(parse_error_of("IIF([a]=\"x\" && [b]=\"y\",\"1\",\"0\")").message.find("'&&'") == 0);
  CHECK(parse_error_of("\"t-\" & [alias]").message.find("'&' does not concatenate") == 0);
}

TEST_CASE("parser: a second comparison in one argument is an error at the second operator") {
  Diagnostic d = parse_error_of("IIF([a] = [b] = [c], \"1\", \"0\")");
  CHECK(d.location.column == 15);
  CHECK(d.message.find("comparisons do not chain") == 0);
}

TEST_CASE("parser: a comparison without a right operand points at what follows the operator") {
  Diagnostic d = parse_error_of("IIF([a]= ,\"1\",\"0\")");
  CHECK(d.location.column == 10);
  CHECK(d.message == "expected a value after '=', found ','");
}

TEST_CASE("parser: an extra ')' after the expression is reported at that ')'") {
  Diagnostic d = parse_error_of("Append([userPrincipalName], \".test\"))");
  CHECK(d.location.column == 37);
  CHECK(d.message == "unexpected ')' with no matching '('");
}

TEST_CASE("parser: text after a complete expression is an error") {
  Diagnostic d = parse_error_of("\"Member\" x");
  CHECK(d.location.column == 10);
  CHECK(d.message == "expected the end of the expression, found 'x'");
}

TEST_CASE("parser: an empty or blank expression is an error that shows what is expected") {
  for (std::string text : {"", "   \n"}) {
    Diagnostic d = parse_error_of(text);
    CHECK(d.code == "ParseError");
    CHECK(d.message.find("empty expression") == 0);
  }
}

TEST_CASE("parser: single-quoted strings get a hint to use double quotes") {
  Diagnostic d = parse_error_of("Append([a], 'x')");
  CHECK(d.location.column == 13);
  CHECK(d.message ==
        "expected an argument, found a single quote; strings are written in double quotes, e.g. \"Member\"");
}

TEST_CASE("parser: decimal fractions are rejected at the decimal point") {
  Diagnostic d = parse_error_of("Mid([a], 1.5, 2)");
  CHECK(d.location.column == 11);
  CHECK(d.message.find("decimal fractions are not supported") == 0);
}

TEST_CASE("parser: malformed numbers are errors at their column") {
  CHECK(parse_error_of("BitAnd(&H, 1)").location.column == 10);
  CHECK(parse_error_of("BitAnd(&H, 1)").message == "expected hexadecimal digits after '&H', found ','");
  CHECK(parse_error_of("Left([a], -x)").message == "expected digits after '-', found 'x'");
  Diagnostic big = parse_error_of("Left([a], 99999999999999999999)");
  CHECK(big.location.column == 11);
  CHECK(big.location.length == 20);
  CHECK(big.message.find("too large") != std::string::npos);
}

TEST_CASE("parser: calls nest up to the depth limit and one level more is a clear error") {
  auto nested = [](std::size_t depth) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += "ToLower(";
    text += "[a]";
    for (std::size_t i = 0; i < depth; ++i) text += ")";
    return text;
  };
  CHECK(parse_ok(nested(kMaxCallDepth)).has_value());
  Diagnostic d = parse_error_of(nested(kMaxCallDepth + 1));
  CHECK(d.code == "ParseError");
  CHECK(d.location.column == 8 * kMaxCallDepth + 1);
  CHECK(d.message.find("nested more than") != std::string::npos);
}

TEST_CASE("parser: absurdly deep nesting fails cleanly instead of overflowing the stack") {
  std::string text(kMaxExpressionLength / 2, '(');
  Diagnostic paren = parse_error_of(text);
  CHECK(paren.code == "ParseError");
  std::string calls;
  while (calls.size() + 2 <= kMaxExpressionLength) calls += "F(";
  CHECK(parse_error_of(calls).message.find("nested more than") != std::string::npos);
}

TEST_CASE("parser: exactly 10,000 characters are accepted and one more is ExpressionTooLong") {
  auto text_of = [](std::size_t length) {
    return "Append(\"" + std::string(length - 15, 'a') + "\", \"b\")";
  };
  CHECK(text_of(kMaxExpressionLength).size() == kMaxExpressionLength);
  CHECK(parse_ok(text_of(kMaxExpressionLength)).has_value());
  Diagnostic d = parse_error_of(text_of(kMaxExpressionLength + 1));
  CHECK(d.code == "ExpressionTooLong");
  CHECK(d.location.column == kMaxExpressionLength + 1);
  CHECK(d.message.find("10001 characters") != std::string::npos);
}

TEST_CASE("parser: the length limit counts characters, not bytes") {
  std::string text = "\"";
  for (int i = 0; i < 9998; ++i) text += "é";
  text += "\"";
  CHECK(text.size() > kMaxExpressionLength);
  CHECK(parse_ok(text).has_value());
}

TEST_CASE("parser: invalid UTF-8 is a ParseError at the offending byte") {
  Diagnostic d = parse_error_of("Append([a], \"x\xFFy\")");
  CHECK(d.code == "ParseError");
  CHECK(d.location.column == 15);
  CHECK(d.message.find("invalid UTF-8: byte 0xFF") == 0);
  CHECK(parse_error_of("\"\xC3\"").location.column == 2);
  CHECK(parse_error_of("\"\xED\xA0\x80\"").message.find("0xED") != std::string::npos);
  CHECK(parse_ok("\"\xF0\x9F\x98\x80\"").has_value());
}

TEST_CASE("parser: in a scalar without exact columns the error says where in the expression it is") {
  auto file = make_source_file("org/m.yaml", "attributes:\n  displayName: >\n    Join(\" \",\n      [a]\n");
  LocatedString text;
  text.text = "Join(\" \",\n  [a]";
  text.start = Location{file, 3, 5, 1};
  text.approximate = true;
  Diagnostics d;
  CHECK_FALSE(parse_expression(text, d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].location.line == 3);
  CHECK(d.items()[0].location.column == 5);
  REQUIRE(d.items()[0].notes.size() == 1);
  CHECK(d.items()[0].notes[0].message ==
        "the column is that of the scalar's start (its layout hides exact columns); the problem is at "
        "character 16 "
        "of the expression, its end");
}
