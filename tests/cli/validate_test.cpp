// `tenantform validate`, run as a user would: exit codes, the summary line, text and
// JSON diagnostics.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support/util.h"

using tf::test::run_tenantform;

namespace {

const char* kValid =
    "tenants:\n"
    "  contoso: { id: 3d2c1b0a-1111-4222-8333-444455556666 }\n"
    "  fabrikam: { id: 4e3d2c1b-2222-4333-8444-555566667777 }\n"
    "meshes:\n"
    "  pair: { members: [contoso, fabrikam] }\n";

}  // namespace

TEST_CASE("validate: a valid directory exits 0 with a one-line summary") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "org.yaml", kValid);
  auto result = run_tenantform({"validate", dir.path().string()});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "ok: 2 tenants, 2 links\n");
  CHECK(result.err.empty());
}

TEST_CASE("validate: an error exits 1 with file:line:col, the source line and a caret") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "org.yaml", std::string(kValid) + "  bad: { members: [contoso, fabrikm] }\n");
  auto result = run_tenantform({"validate", (dir.path() / "org.yaml").string()});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  std::string where = (dir.path() / "org.yaml").string() + ":6:";
  CHECK(result.err.find(where) != std::string::npos);
  CHECK(result.err.find("error: undefined tenant 'fabrikm' in mesh 'bad'; did you mean 'fabrikam'?") !=
        std::string::npos);
  CHECK(result.err.find("^~~~~~~") != std::string::npos);
  CHECK(result.err.find("1 error generated") != std::string::npos);
}

TEST_CASE("validate: --diagnostics=json prints one JSON object per diagnostic") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "org.yaml", "tenants:\n  contoso: { id: nope, cloud: mars }\n");
  auto result = run_tenantform({"validate", dir.path().string(), "--diagnostics=json"});
  CHECK(result.exit_code == 1);
  std::istringstream lines(result.err);
  std::string line;
  std::vector<nlohmann::json> items;
  while (std::getline(lines, line)) items.push_back(nlohmann::json::parse(line));
  REQUIRE(items.size() == 2);
  CHECK(items[0]["code"] == "bad-guid");
  CHECK(items[0]["line"] == 2);
  CHECK(items[1]["code"] == "bad-cloud");
}

TEST_CASE("validate: a missing path is an error, not a crash") {
  auto result = run_tenantform({"validate", "/nonexistent/tenantform/manifests"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("tenantform: error: cannot read") == 0);
}

TEST_CASE("validate: every example of the repository validates") {
  for (const char* example : {"user-hub", "application-hub", "partial-mesh", "merger-one-way", "bidirectional-pair"}) {
    auto path = tf::test::source_dir() / "examples" / example;
    if (!std::filesystem::exists(path)) continue;
    INFO(example << ": " << run_tenantform({"validate", path.string()}).err);
    auto result = run_tenantform({"validate", path.string()});
    CHECK(result.exit_code == 0);
    CHECK(result.out.rfind("ok: ", 0) == 0);
  }
}

TEST_CASE("validate: --help describes the command") {
  auto result = run_tenantform({"validate", "--help"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("--diagnostics") != std::string::npos);
}
