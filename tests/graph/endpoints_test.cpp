// Cloud host selection and the emulator override.
#include <doctest/doctest.h>

#include <cstdlib>

#include "compiler/diag/render.h"
#include "runtime/graph/endpoints.h"

using namespace tf::graph;

namespace {
const std::string kTenant = "3d2c1b0a-1111-4222-8333-444455556666";
}

TEST_CASE("endpoints: each cloud uses the login and Graph hosts of graph-api.md section 2") {
  struct Case {
    const char* name;
    const char* token;
    const char* graph;
  } cases[] = {
      {"global", "https://login.microsoftonline.com/", "https://graph.microsoft.com/v1.0"},
      {"usgov", "https://login.microsoftonline.us/", "https://graph.microsoft.us/v1.0"},
      {"usgov-dod", "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/v1.0"},
      {"china", "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/v1.0"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto cloud = cloud_from_name(c.name);
    REQUIRE(cloud);
    CHECK(std::string(cloud_name(*cloud)) == c.name);
    TenantEndpoints e = tenant_endpoints(*cloud, kTenant, {});
    CHECK(e.token_url == std::string(c.token) + kTenant + "/oauth2/v2.0/token");
    CHECK(e.graph_base == c.graph);
    CHECK(e.scope == e.graph_origin + "/.default");
    CHECK(e.audience == e.token_url);
  }
  CHECK_FALSE(cloud_from_name("azure"));
}

TEST_CASE("endpoints: the emulator override sends login and Graph traffic of every tenant to one base URL") {
  EndpointOptions options;
  options.emulator_url = "http://127.0.0.1:8123/";
  CHECK(check_endpoint_options(options).empty());
  TenantEndpoints e = tenant_endpoints(Cloud::UsGov, kTenant, options);
  CHECK(e.token_url == "http://127.0.0.1:8123/" + kTenant + "/oauth2/v2.0/token");
  CHECK(e.graph_base == "http://127.0.0.1:8123/v1.0");
  CHECK(e.scope == "https://graph.microsoft.us/.default");
}

TEST_CASE("endpoints: an emulator override that is not loopback is refused with a clear message") {
  EndpointOptions options;
  options.emulator_url = "http://emulator.example.com:8080";
  tf::Diagnostics d = check_endpoint_options(options);
  REQUIRE(d.error_count() == 1);
  CHECK(tf::render_text(d) ==
        "tenantform: error: emulator URL 'http://emulator.example.com:8080' points at host 'emulator.example.com', "
        "which is not a loopback address; the emulator override only sends traffic to 127.0.0.1, ::1 or localhost "
        "(unset TENANTFORM_EMULATOR or drop --emulator to talk to Microsoft Graph)\n");
  options.emulator_url = "ftp://127.0.0.1:21";
  CHECK(check_endpoint_options(options).has_errors());
  options.emulator_url = "127.0.0.1:8080";
  CHECK(check_endpoint_options(options).has_errors());
}

TEST_CASE("endpoints: --emulator wins over TENANTFORM_EMULATOR, which applies when the flag is absent") {
  setenv("TENANTFORM_EMULATOR", "http://localhost:7000", 1);
  CHECK(endpoint_options_from(std::nullopt).emulator_url == std::optional<std::string>("http://localhost:7000"));
  CHECK(endpoint_options_from(std::string("http://127.0.0.1:1")).emulator_url ==
        std::optional<std::string>("http://127.0.0.1:1"));
  unsetenv("TENANTFORM_EMULATOR");
  CHECK_FALSE(endpoint_options_from(std::nullopt).emulator_url);
}
