// The Graph client's share of the layering rules: libcurl is included by exactly
// one file, runtime/graph/curl_transport.cpp (its header hides it behind a pimpl).
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "tests/support/util.h"

TEST_CASE("graph layering: exactly one file of runtime/ includes libcurl, and it is curl_transport.cpp") {
  namespace fs = std::filesystem;
  static const std::regex curl_include(R"(^\s*#\s*include\s*[<"]curl/)");
  std::set<std::string> users;
  fs::path root = tf::test::source_dir();
  for (const auto& entry : fs::recursive_directory_iterator(root / "runtime")) {
    if (entry.path().extension() != ".h" && entry.path().extension() != ".cpp") continue;
    std::istringstream text(tf::test::read_file(entry.path()));
    for (std::string line; std::getline(text, line);)
      if (std::regex_search(line, curl_include)) users.insert(fs::relative(entry.path(), root).string());
  }
  CHECK(users == std::set<std::string>{"runtime/graph/curl_transport.cpp"});
}
