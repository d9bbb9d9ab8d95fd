// Cloud hosts and the emulator override.
#include "runtime/graph/endpoints.h"

#include <cstdlib>

#include "runtime/graph/url.h"

namespace tf::graph {

namespace {

struct CloudEntry {
  Cloud cloud;
  const char* name;
  const char* login;
  const char* graph;
};

// graph-api.md §2. The .default scope of each cloud is its Graph host + "/.default"
// (documented for global; inferred for the others, UNCONFIRMED there).
constexpr CloudEntry kClouds[] = {
    {Cloud::Global, "global", "https://login.microsoftonline.com", "https://graph.microsoft.com"},
    {Cloud::UsGov, "usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
    {Cloud::UsGovDod, "usgov-dod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
    {Cloud::China, "china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"},
};

const CloudEntry& entry(Cloud cloud) {
  for (const CloudEntry& e : kClouds)
    if (e.cloud == cloud) return e;
  return kClouds[0];
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::optional<Cloud> cloud_from_name(const std::string& name) {
  for (const CloudEntry& e : kClouds)
    if (name == e.name) return e.cloud;
  return std::nullopt;
}

const char* cloud_name(Cloud cloud) { return entry(cloud).name; }

std::vector<std::string> cloud_names() {
  std::vector<std::string> out;
  for (const CloudEntry& e : kClouds) out.emplace_back(e.name);
  return out;
}

CloudHosts cloud_hosts(Cloud cloud) {
  const CloudEntry& e = entry(cloud);
  return CloudHosts{e.login, e.graph, std::string(e.graph) + "/.default"};
}

EndpointOptions endpoint_options_from(const std::optional<std::string>& emulator_flag) {
  EndpointOptions options;
  if (emulator_flag && !emulator_flag->empty()) {
    options.emulator_url = *emulator_flag;
  } else if (const char* env = std::getenv("TENANTFORM_EMULATOR"); env && *env) {
    options.emulator_url = std::string(env);
  }
  return options;
}

Diagnostics check_endpoint_options(const EndpointOptions& options) {
  Diagnostics out;
  if (!options.emulator_url) return out;
  const std::string& text = *options.emulator_url;
  Url url = parse_url(text);
  if (!url.ok) {
    out.error({}, "emulator URL '" + text + "' is not a URL; expected e.g. 'http://127.0.0.1:8080'",
              "emulator-url");
  } else if (url.scheme != "http" && url.scheme != "https") {
    out.error({}, "emulator URL '" + text + "' uses scheme '" + url.scheme +
                      "'; expected 'http' or 'https', e.g. 'http://127.0.0.1:8080'",
              "emulator-url");
  } else if (!is_loopback_host(url.host)) {
    out.error({}, "emulator URL '" + text + "' points at host '" + url.host +
                      "', which is not a loopback address; the emulator override only sends traffic to "
                      "127.0.0.1, ::1 or localhost (unset TENANTFORM_EMULATOR or drop --emulator to talk "
                      "to Microsoft Graph)",
              "emulator-not-loopback");
  } else if (url.target != "/" && !url.target.empty()) {
    out.error({}, "emulator URL '" + text + "' has a path; expected only scheme, host and port, e.g. '" +
                      origin_of(url) + "'",
              "emulator-url");
  }
  return out;
}

TenantEndpoints tenant_endpoints(Cloud cloud, const std::string& tenant_id, const EndpointOptions& options) {
  CloudHosts hosts = cloud_hosts(cloud);
  std::string login = hosts.login;
  std::string graph = hosts.graph;
  if (options.emulator_url) {
    login = graph = without_trailing_slash(*options.emulator_url);
  }
  TenantEndpoints out;
  out.token_url = login + "/" + tenant_id + "/oauth2/v2.0/token";
  out.graph_origin = graph;
  out.graph_base = graph + "/" + options.api_version;
  out.scope = hosts.scope;
  out.audience = out.token_url;
  return out;
}

}  // namespace tf::graph
