// `tenantform graph`, run as a user would: Mermaid by default, DOT on request, and
// diagnostics with exit 1 for a broken configuration.
#include <doctest/doctest.h>

#include "tests/support/util.h"

using tf::test::run_tenantform;

namespace {

const char* kHub =
    "tenants:\n"
    "  contoso: { id: 3d2c1b0a-1111-4222-8333-444455556666 }\n"
    "  fabrikam: { id: 4e3d2c1b-2222-4333-8444-555566667777 }\n"
    "hubs:\n"
    "  corp: { hub: contoso, spokes: [fabrikam], pattern: user-hub }\n";

}  // namespace

TEST_CASE("graph: mermaid is the default format") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "org.yaml", kHub);
  auto result = run_tenantform({"graph", dir.path().string()});
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("flowchart LR\n", 0) == 0);
  CHECK(result.out.find("subgraph hub_corp[\"hub corp (user-hub)\"]") != std::string::npos);
  CHECK(result.out.find("t_contoso -->|\"default / default\"| t_fabrikam") != std::string::npos);
}

TEST_CASE("graph: --format dot prints a Graphviz digraph") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "org.yaml", kHub);
  auto result = run_tenantform({"graph", dir.path().string(), "--format", "dot"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("digraph tenantform {", 0) == 0);
  CHECK(result.out.find("\"contoso\" -> \"fabrikam\"") != std::string::npos);
}

TEST_CASE("graph: a configuration with errors prints diagnostics and exits 1") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "org.yaml", std::string(kHub) + "links:\n  l: { from: contoso, to: contoso }\n");
  auto result = run_tenantform({"graph", dir.path().string()});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK(result.err.find("a tenant cannot be linked to itself") != std::string::npos);
}

TEST_CASE("graph: an unknown format is a usage error") {
  auto result = run_tenantform({"graph", ".", "--format", "svg"});
  CHECK(result.exit_code != 0);
}
