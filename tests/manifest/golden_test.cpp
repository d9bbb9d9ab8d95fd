// The golden corpus of the manifest front end: every file or directory of
// tests/manifest/golden/ named ok.* or error.* is compiled (load, check, expand) and
// its rendered diagnostics, plus for ok.* cases the summary line and the expanded
// links, are compared byte for byte with <name>.expected next to it. UPDATE_GOLDEN=1
// rewrites the expectations. Paths are relative to the repository root, so the output
// is the same on every machine.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "compiler/diag/render.h"
#include "compiler/manifest/pipeline.h"
#include "tests/support/util.h"

namespace fs = std::filesystem;

namespace {

const char* kCorpus = "tests/manifest/golden";

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> corpus_cases() {
  std::vector<std::string> out;
  for (const fs::directory_entry& e : fs::directory_iterator(tf::test::source_dir() / kCorpus)) {
    std::string name = e.path().filename().string();
    if (ends_with(name, ".expected")) continue;
    if (starts_with(name, "ok.") || starts_with(name, "error.")) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe_link(const tf::manifest::DirectedLink& link) {
  return link.source + " -> " + link.target + ": mapping " + link.mapping.value_or("(default)") + ", scope " +
         link.scope.value_or("(default)") + ", threshold " + link.threshold.value_or("(none)") + " from " +
         tf::manifest::describe(link.origin) + "\n";
}

// What a case prints: diagnostics as the CLI renders them, then the result.
std::string compile_case(const std::string& name, bool& ok) {
  tf::Diagnostics diagnostics;
  auto compiled = tf::manifest::compile_manifest(std::string(kCorpus) + "/" + name, diagnostics);
  std::string out = tf::render_text(diagnostics) + tf::render_summary(diagnostics);
  ok = compiled.has_value();
  if (compiled) {
    out += tf::manifest::summary_line(*compiled) + "\n";
    for (const auto& link : compiled->topology.links) out += describe_link(link);
  }
  return out;
}

}  // namespace

TEST_CASE("golden: every case of the manifest corpus renders exactly its expected diagnostics") {
  fs::current_path(tf::test::source_dir());
  std::vector<std::string> cases = corpus_cases();
  REQUIRE(!cases.empty());
  for (const std::string& name : cases) {
    INFO("case " << name);
    bool ok = false;
    std::string actual = compile_case(name, ok);
    CHECK(ok == starts_with(name, "ok."));
    std::string diff;
    CHECK_MESSAGE(tf::test::matches_golden(fs::path(kCorpus) / (name + ".expected"), actual, diff), diff);
  }
}

TEST_CASE("golden: the corpus covers at least forty distinct error cases") {
  std::size_t errors = 0;
  for (const std::string& name : corpus_cases()) errors += starts_with(name, "error.") ? 1 : 0;
  CHECK(errors >= 40);
}
