// The YAML reader: 1-based positions, scalar styles and byte positions, and the
// errors yaml-cpp does not report by itself (duplicate keys, unclosed quotes).
#include <doctest/doctest.h>

#include "compiler/manifest/yaml_reader.h"

using namespace tf;
using namespace tf::manifest;

namespace {

std::optional<YamlNode> read(const std::string& text, Diagnostics& diagnostics) {
  return read_yaml(make_source_file("m.yaml", text), diagnostics);
}

YamlNode read_ok(const std::string& text) {
  Diagnostics diagnostics;
  std::optional<YamlNode> node = read(text, diagnostics);
  REQUIRE(node.has_value());
  REQUIRE(diagnostics.empty());
  return *node;
}

// The source text a LocatedString's byte `offset` maps to.
char source_char(const LocatedString& s, std::size_t offset) {
  Location at = s.location_of(offset);
  return at.file->line_text(at.line)[at.column - 1];
}

}  // namespace

TEST_CASE("yaml reader: keys and values carry 1-based lines and byte columns") {
  YamlNode root = read_ok("tenants:\n  contoso:\n    id: abc\n");
  const YamlEntry& tenants = root.entries.at(0);
  CHECK(tenants.key_location.line == 1);
  CHECK(tenants.key_location.column == 1);
  CHECK(tenants.key_location.length == 7);
  const YamlNode* id = tenants.value.find("contoso")->find("id");
  REQUIRE(id != nullptr);
  CHECK(id->location.line == 3);
  CHECK(id->location.column == 9);
  CHECK(id->text() == "abc");
}

TEST_CASE("yaml reader: mappings keep their keys in source order") {
  YamlNode root = read_ok("b: 1\na: 2\nc: 3\n");
  REQUIRE(root.entries.size() == 3);
  CHECK(root.entries[0].key == "b");
  CHECK(root.entries[1].key == "a");
  CHECK(root.entries[2].key == "c");
}

TEST_CASE("yaml reader: each scalar style is recognised") {
  YamlNode root = read_ok("p: x\ns: 'x'\nd: \"x\"\nl: |\n  x\nf: >\n  x\n");
  CHECK(root.find("p")->style == ScalarStyle::Plain);
  CHECK(root.find("s")->style == ScalarStyle::SingleQuoted);
  CHECK(root.find("d")->style == ScalarStyle::DoubleQuoted);
  CHECK(root.find("l")->style == ScalarStyle::Literal);
  CHECK(root.find("f")->style == ScalarStyle::Folded);
}

TEST_CASE("yaml reader: a double-quoted string maps bytes after an escape to their source columns") {
  YamlNode root = read_ok("k: \"a\\tb\\u00e9c\"\n");
  const LocatedString& s = root.find("k")->scalar;
  CHECK(s.text == "a\tb\xc3\xa9" "c");
  CHECK_FALSE(s.approximate);
  CHECK(s.location_of(0).column == 5);
  CHECK(s.location_of(1).column == 6);  // the backslash of \t
  CHECK(s.location_of(2).column == 8);  // b
  CHECK(source_char(s, 5) == 'c');
}

TEST_CASE("yaml reader: a single-quoted '' escape shifts later bytes by one column") {
  YamlNode root = read_ok("k: 'it''s here'\n");
  const LocatedString& s = root.find("k")->scalar;
  CHECK(s.text == "it's here");
  CHECK(source_char(s, 3) == 's');
  CHECK(source_char(s, 4) == ' ');
  CHECK(s.location_of(4).column == s.location_of(0).column + 5);
}

TEST_CASE("yaml reader: a literal block scalar maps each line to its own source line") {
  YamlNode root = read_ok("k: |\n  first\n  second\n");
  const LocatedString& s = root.find("k")->scalar;
  CHECK(s.text == "first\nsecond\n");
  CHECK_FALSE(s.approximate);
  CHECK(s.location_of(0).line == 2);
  CHECK(s.location_of(0).column == 3);
  CHECK(s.location_of(6).line == 3);
  CHECK(s.location_of(6).column == 3);
}

TEST_CASE("yaml reader: a folded block scalar joins lines and still maps them") {
  YamlNode root = read_ok("k: >-\n  one\n  two\n");
  const LocatedString& s = root.find("k")->scalar;
  CHECK(s.text == "one two");
  CHECK_FALSE(s.approximate);
  CHECK(s.location_of(4).line == 3);
  CHECK(source_char(s, 4) == 't');
}

TEST_CASE("yaml reader: a multi-line plain scalar is folded and mapped") {
  YamlNode root = read_ok("k: Join(\" \",\n  [a])\n");
  const LocatedString& s = root.find("k")->scalar;
  CHECK(s.text == "Join(\" \", [a])");
  CHECK(s.location_of(10).line == 2);
  CHECK(source_char(s, 10) == '[');
}

TEST_CASE("yaml reader: a duplicate key is an error that cites both places") {
  Diagnostics diagnostics;
  CHECK_FALSE(read("a: 1\nb: 2\na: 3\n", diagnostics).has_value());
  REQUIRE(diagnostics.error_count() == 1);
  const Diagnostic& d = diagnostics.items()[0];
  CHECK(d.code == "duplicate-key");
  CHECK(d.location.line == 3);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].location.line == 1);
}

TEST_CASE("yaml reader: a syntax error is one diagnostic at yaml-cpp's position, made 1-based") {
  Diagnostics diagnostics;
  CHECK_FALSE(read("a: b: c\n", diagnostics).has_value());
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].location.line == 1);
  CHECK(diagnostics.items()[0].location.column == 5);
  CHECK(diagnostics.items()[0].message.find("invalid YAML") == 0);
}

TEST_CASE("yaml reader: indentation with a tab is named as such") {
  Diagnostics diagnostics;
  CHECK_FALSE(read("a:\n  b:\n\tc: 1\n", diagnostics).has_value());
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].code == "yaml-tab");
  CHECK(diagnostics.items()[0].location.line == 3);
}

TEST_CASE("yaml reader: a quoted string left open at the end of the file is an error at its quote") {
  Diagnostics diagnostics;
  CHECK_FALSE(read("a: 'x\nb: 1\n", diagnostics).has_value());
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].location.line == 1);
  CHECK(diagnostics.items()[0].location.column == 4);
}

TEST_CASE("yaml reader: a second document is an error") {
  Diagnostics diagnostics;
  CHECK_FALSE(read("a: 1\n---\nb: 2\n", diagnostics).has_value());
  CHECK(diagnostics.error_count() == 1);
}

TEST_CASE("yaml reader: an empty file and a file of comments read as null") {
  CHECK(read_ok("").is_null());
  CHECK(read_ok("# nothing here\n").is_null());
}

TEST_CASE("yaml reader: an alias is a copy of its anchor") {
  YamlNode root = read_ok("a: &x { k: v }\nb: *x\n");
  REQUIRE(root.find("b")->is_mapping());
  CHECK(root.find("b")->find("k")->text() == "v");
}

TEST_CASE("yaml reader: an empty value is null and located at its key; an explicit null at its text") {
  YamlNode root = read_ok("a:\nb: ~\n");
  CHECK(root.find("a")->is_null());
  CHECK(root.find("a")->location.line == 1);
  CHECK(root.find("b")->is_null());
  CHECK(root.find("b")->location.column == 4);
}

TEST_CASE("yaml reader: a key that is not a scalar is an error") {
  Diagnostics diagnostics;
  CHECK_FALSE(read("? [a]\n: 1\n", diagnostics).has_value());
  CHECK(diagnostics.items().at(0).code == "yaml-key");
}

TEST_CASE("yaml reader: plain scalars are typed as YAML 1.2's core schema, quoted ones are strings") {
  YamlNode root = read_ok("t: true\nq: 'true'\nn: -12\ns: \"12\"\ny: yes\n");
  CHECK(plain_bool(*root.find("t")) == std::optional<bool>(true));
  CHECK_FALSE(plain_bool(*root.find("q")).has_value());
  CHECK(plain_integer(*root.find("n")) == std::optional<std::int64_t>(-12));
  CHECK_FALSE(plain_integer(*root.find("s")).has_value());
  CHECK(describe(*root.find("y")) == "a string");
  CHECK(describe(*root.find("n")) == "a number");
}
