// Golden diagnostics of the expression front end: each tests/expr/golden/*.yaml
// is a small manifest with one mapping line `target: '<expression>'`; the
// expression is parsed with its real position in the file, checked (with the key
// as the target attribute) and its placeholders validated, and the rendered
// diagnostics must equal the .out file beside it byte for byte. The expectation
// is in the name: error.*, warning.*, ok.* (no output). UPDATE_GOLDEN=1 rewrites.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "compiler/diag/render.h"
#include "compiler/expr/checker.h"
#include "compiler/expr/parser.h"
#include "compiler/expr/substitute.h"
#include "tests/support/util.h"

using namespace tf;
using namespace tf::expr;

namespace {

struct MappingLine {
  std::string target;
  LocatedString expression;
};

// The first line of the form `key: '...'`, with the scalar's exact position.
MappingLine find_mapping(const SourceFilePtr& file) {
  std::istringstream lines(file->text);
  std::string line;
  for (uint32_t number = 1; std::getline(lines, line); ++number) {
    std::size_t colon = line.find(": '");
    if (colon == std::string::npos) continue;
    std::size_t open = colon + 2;
    std::size_t close = line.rfind('\'');
    MappingLine out;
    std::size_t key_start = line.find_first_not_of(' ');
    out.target = line.substr(key_start, colon - key_start);
    out.expression.text = line.substr(open + 1, close - open - 1);
    out.expression.start = Location{file, number, static_cast<uint32_t>(open + 2), 1};
    return out;
  }
  FAIL("no `key: '...'` line in " << file->path);
  return {};
}

std::string run_case(const std::filesystem::path& input) {
  auto file = make_source_file(input.filename().string(), tf::test::read_file(input));
  MappingLine mapping = find_mapping(file);
  Diagnostics d;
  if (auto e = parse_expression(mapping.expression, d)) {
    CheckOptions options;
    options.target_attribute = mapping.target;
    check_expression(*e, options, d);
    check_placeholders(*e, d);
  }
  d.sort_by_location();
  return render_text(d) + render_summary(d);
}

std::vector<std::filesystem::path> cases() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(tf::test::source_dir() / "tests/expr/golden"))
    if (entry.path().extension() == ".yaml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("golden: expression diagnostics render with the caret under the right column") {
  auto all = cases();
  CHECK(all.size() >= 15);
  for (const auto& input : all) {
    CAPTURE(input.filename().string());
    std::string actual = run_case(input);
    std::string name = input.stem().string();
    if (name.rfind("ok.", 0) == 0) CHECK(actual.empty());
    if (name.rfind("error.", 0) == 0) CHECK(actual.find(": error: ") != std::string::npos);
    if (name.rfind("warning.", 0) == 0) {
      CHECK(actual.find(": warning: ") != std::string::npos);
      CHECK(actual.find(": error: ") == std::string::npos);
    }
    std::filesystem::path golden = input;
    golden.replace_extension(".out");
    std::string diff;
    CHECK_MESSAGE(tf::test::matches_golden(golden, actual, diff), diff);
  }
}
