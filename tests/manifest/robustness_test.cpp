// The front end never crashes, whatever the input: every prefix of a real manifest,
// and the manifest with a YAML-significant character planted at every position, go
// through load, check and expand, each either succeeding or reporting errors.
#include <doctest/doctest.h>

#include "compiler/diag/render.h"
#include "tests/manifest/support.h"
#include "tests/support/util.h"

using namespace tf;
using namespace tf::manifest;
using namespace tf::manifest::test;

namespace {

// Runs the pipeline; true when it either produced a topology or reported an error.
bool consistent(const std::string& text) {
  Diagnostics diagnostics;
  auto topology = expand_text(text, diagnostics);
  render_text(diagnostics);  // rendering must cope with every location produced
  return topology.has_value() != diagnostics.has_errors();
}

}  // namespace

TEST_CASE("robustness: every prefix of a manifest compiles or reports an error") {
  std::string text = tf::test::read_file(tf::test::source_dir() / "tests/manifest/golden/ok.full.yaml");
  std::size_t inconsistent = 0;
  for (std::size_t n = 0; n <= text.size(); ++n) inconsistent += consistent(text.substr(0, n)) ? 0 : 1;
  CHECK(inconsistent == 0);
}

TEST_CASE("robustness: a YAML-significant character at any position compiles or reports an error") {
  std::string text = tf::test::read_file(tf::test::source_dir() / "tests/manifest/golden/ok.full.yaml");
  std::size_t inconsistent = 0;
  for (char c : std::string("\t\"'[{:&*|\\\n"))
    for (std::size_t i = 0; i < text.size(); i += 11) {
      std::string mutated = text;
      mutated[i] = c;
      inconsistent += consistent(mutated) ? 0 : 1;
    }
  CHECK(inconsistent == 0);
}

TEST_CASE("robustness: nested aliases cannot blow up memory") {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  Diagnostics diagnostics;
  CHECK_FALSE(load_texts({{"bomb.yaml", text}}, diagnostics).has_value());
  CHECK(has_code(diagnostics, "yaml-alias-limit"));
}
