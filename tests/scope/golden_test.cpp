// Golden files for the scope compiler, one case per file in tests/scope/golden/:
// <case>.yaml holds a manifest fragment whose `filter: '...'` line is compiled with
// the scalar's own position, and <case>.txt the rendered result: the diagnostics
// (error.* cases, text with caret) or the compiled Entra JSON (ok.* cases).
// UPDATE_GOLDEN=1 rewrites the .txt files; read their diff like code.
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"
#include "compiler/scope/compile.h"
#include "tests/support/util.h"

namespace fs = std::filesystem;

namespace {

// The single-quoted filter scalar of `file`, located in it.
tf::LocatedString filter_scalar(const tf::SourceFilePtr& file) {
  std::size_t key = file->text.find("filter: '");
  REQUIRE(key != std::string::npos);
  std::size_t open = key + 8, close = file->text.find('\'', open + 1);
  std::size_t line_start = file->text.rfind('\n', key) + 1;  // npos + 1 == 0 on the first line
  tf::LocatedString out;
  out.text = file->text.substr(open + 1, close - open - 1);
  out.start = tf::Location{file, static_cast<uint32_t>(std::count(file->text.begin(), file->text.begin() + key, '\n') + 1),
                           static_cast<uint32_t>(open + 1 - line_start + 1), 1};
  return out;
}

std::string run_case(const fs::path& yaml) {
  auto file = tf::make_source_file(yaml.filename().string(), tf::test::read_file(yaml));
  tf::Diagnostics diagnostics;
  auto filter = tf::scope::compile_scope_filter(filter_scalar(file), diagnostics);
  std::string out = tf::render_text(diagnostics);
  if (filter) out += tf::scope::to_json(*filter).dump(2) + "\n";
  return out;
}

}  // namespace

TEST_CASE("scope golden: each case renders exactly as its .txt file, errors for error.* and JSON for ok.*") {
  fs::path dir = tf::test::source_dir() / "tests/scope/golden";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  CHECK(cases.size() >= 12);
  for (const fs::path& yaml : cases) {
    std::string name = yaml.filename().string();
    INFO(name);
    std::string actual = run_case(yaml);
    bool expect_error = name.rfind("error.", 0) == 0;
    CHECK(expect_error == (actual.find(": error: ") != std::string::npos));
    std::string diff;
    fs::path golden = yaml;
    golden.replace_extension(".txt");
    CHECK_MESSAGE(tf::test::matches_golden(golden, actual, diff), diff);
  }
}
