// Diagnostics: collection, suggestions, and rendering pinned byte for byte.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"

using namespace tf;

TEST_CASE("render: an error shows path:line:col, the source line and a caret under the range") {
  auto file = make_source_file("org/topology.yaml",
                               "mappings:\n  m:\n    attributes:\n    displayName: 'Jion(\" \", [displayName])'\n");
  Diagnostics d;
  d.error(Location{file, 4, 19, 4}, "unknown function 'Jion'; did you mean 'Join'?")
      .note(Location{file, 2, 3, 1}, "mapping 'm' is used by hub 'corp'");
  CHECK(render_text(d) ==
        "org/topology.yaml:4:19: error: unknown function 'Jion'; did you mean 'Join'?\n"
        "    displayName: 'Jion(\" \", [displayName])'\n"
        "                  ^~~~\n"
        "org/topology.yaml:2:3: note: mapping 'm' is used by hub 'corp'\n");
  CHECK(render_summary(d) == "1 error generated\n");
}

TEST_CASE("render: a diagnostic without a location names the tool") {
  Diagnostics d;
  d.error(Location{}, "no manifest files in 'org/'");
  d.warning(Location{}, "nothing to do");
  CHECK(render_text(d) == "tenantform: error: no manifest files in 'org/'\ntenantform: warning: nothing to do\n");
  CHECK(render_summary(d) == "1 error and 1 warning generated\n");
}

TEST_CASE("render: tabs before the column are kept so the caret stays aligned") {
  auto file = make_source_file("a.yaml", "\tkey: x\n");
  Diagnostics d;
  d.error(Location{file, 1, 7, 1}, "bad");
  CHECK(render_text(d) == "a.yaml:1:7: error: bad\n\tkey: x\n\t     ^\n");
}

TEST_CASE("render: the underline never runs past the end of the line") {
  auto file = make_source_file("a.yaml", "ab\n");
  Diagnostics d;
  d.error(Location{file, 1, 2, 10}, "bad");
  CHECK(render_text(d) == "a.yaml:1:2: error: bad\nab\n ^\n");
}

TEST_CASE("render: colour wraps the severity in ANSI codes only when asked") {
  auto file = make_source_file("a.yaml", "x\n");
  Diagnostics d;
  d.error(Location{file, 1, 1, 1}, "bad");
  CHECK(render_text(d, {true}).find("\x1b[1;31merror") != std::string::npos);
  CHECK(render_text(d, {false}).find('\x1b') == std::string::npos);
}

TEST_CASE("render: json carries position, code and notes") {
  auto file = make_source_file("a.yaml", "x: 1\n");
  Diagnostics d;
  d.error(Location{file, 1, 1, 1}, "unknown key 'x'", "unknown-key").note(Location{file, 1, 4, 1}, "here");
  auto j = nlohmann::json::parse(render_json_lines(d));
  CHECK(j["severity"] == "error");
  CHECK(j["file"] == "a.yaml");
  CHECK(j["line"] == 1);
  CHECK(j["column"] == 1);
  CHECK(j["code"] == "unknown-key");
  CHECK(j["notes"][0]["column"] == 4);
}

TEST_CASE("diagnostics: sorting puts run-level first, then by file, line and column") {
  auto a = make_source_file("a.yaml", "");
  auto b = make_source_file("b.yaml", "");
  Diagnostics d;
  d.error(Location{b, 1, 1, 1}, "b1");
  d.error(Location{a, 2, 5, 1}, "a25");
  d.error(Location{a, 2, 1, 1}, "a21");
  d.error(Location{}, "run");
  d.sort_by_location();
  std::vector<std::string> order;
  for (const auto& x : d.items()) order.push_back(x.message);
  CHECK(order == std::vector<std::string>{"run", "a21", "a25", "b1"});
  CHECK(d.error_count() == 4);
}

TEST_CASE("did you mean: close typos are suggested, unrelated words are not") {
  std::vector<std::string> functions{"Join", "Append", "Mid", "Switch"};
  CHECK(did_you_mean("Jion", functions) == "; did you mean 'Join'?");
  CHECK(did_you_mean("append", functions) == "; did you mean 'Append'?");
  CHECK(did_you_mean("Frobnicate", functions).empty());
  CHECK(did_you_mean("Join", functions).empty());
}

TEST_CASE("located string: offsets map to columns, escapes map through positions") {
  auto file = make_source_file("a.yaml", "k: 'it''s'\n");
  LocatedString plain{"abc", Location{file, 1, 5, 1}, {}, false};
  CHECK(plain.location_of(2).column == 7);
  CHECK(plain.location_of(0, 3).length == 3);
  // "it's" decoded from 'it''s': the apostrophe came from two source bytes.
  LocatedString escaped{"it's", Location{file, 1, 5, 1}, {{1, 5}, {1, 6}, {1, 7}, {1, 9}}, false};
  CHECK(escaped.location_of(3).column == 9);
  CHECK(escaped.location_of(0, 4).length == 3);  // stops where the bytes stop being contiguous
  LocatedString rough{"x", Location{file, 1, 5, 1}, {}, true};
  CHECK(rough.location_of(10).column == 5);
}

TEST_CASE("located string from the command line spans lines") {
  LocatedString s = located_string_from("a\nbc", "<expr>");
  CHECK(s.location_of(3).line == 2);
  CHECK(s.location_of(3).column == 2);
  CHECK(s.start.file->line_text(2) == "bc");
}
