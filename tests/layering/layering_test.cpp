// Layering rules of DESIGN.md and STYLE.md, checked by reading the includes of
// every source file (the compiler cannot enforce them: Debian puts every header on
// the default include path).
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "tests/support/util.h"

namespace fs = std::filesystem;

namespace {

// Every (file, included header) pair below `dir`, relative to the repository.
std::vector<std::pair<std::string, std::string>> includes_under(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  fs::path root = tf::test::source_dir();
  if (!fs::exists(root / dir)) return out;
  static const std::regex include_line(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
    auto ext = entry.path().extension();
    if (ext == ".h" || ext == ".cpp") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::istringstream text(tf::test::read_file(file));
    std::string line;
    std::smatch m;
    while (std::getline(text, line))
      if (std::regex_search(line, m, include_line)) out.emplace_back(fs::relative(file, root).string(), m[1]);
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("layering: compiler/ includes no network header and nothing from runtime/ or cli/") {
  for (const auto& [file, header] : includes_under("compiler")) {
    INFO(file << " includes " << header);
    CHECK_FALSE(starts_with(header, "curl/"));
    CHECK(header != "httplib.h");
    CHECK_FALSE(starts_with(header, "sys/socket"));
    CHECK_FALSE(starts_with(header, "runtime/"));
    CHECK_FALSE(starts_with(header, "cli/"));
  }
}

TEST_CASE("layering: yaml-cpp is included by exactly one file, in compiler/manifest") {
  std::set<std::string> users;
  for (const std::string dir : {"compiler", "runtime", "cli"})
    for (const auto& [file, header] : includes_under(dir))
      if (starts_with(header, "yaml-cpp/")) users.insert(file);
  CHECK(users.size() <= 1);
  for (const std::string& f : users) CHECK(starts_with(f, "compiler/manifest/"));
}

TEST_CASE("layering: PEGTL only inside the expression and scope modules") {
  for (const std::string dir : {"compiler", "runtime", "cli"})
    for (const auto& [file, header] : includes_under(dir))
      if (starts_with(header, "tao/pegtl")) {
        INFO(file);
        CHECK((starts_with(file, "compiler/expr/") || starts_with(file, "compiler/scope/")));
      }
}

TEST_CASE("layering: libcurl in at most one runtime file, and runtime/ never parses YAML") {
  std::set<std::string> curl_users;
  for (const std::string dir : {"compiler", "runtime", "cli"})
    for (const auto& [file, header] : includes_under(dir)) {
      if (starts_with(header, "curl/")) curl_users.insert(file);
      if (starts_with(file, "runtime/")) {
        INFO(file);
        CHECK_FALSE(starts_with(header, "yaml-cpp/"));
        CHECK_FALSE(starts_with(header, "compiler/manifest/yaml"));
      }
    }
  CHECK(curl_users.size() <= 1);
  for (const std::string& f : curl_users) CHECK(starts_with(f, "runtime/"));
}
