// Where a tenant's traffic goes: the login (token) host and the Graph host of its
// cloud (graph-api.md §2), or, with an emulator override, one loopback base URL
// for every tenant. The CLI fills EndpointOptions (--emulator URL, else the
// TENANTFORM_EMULATOR environment variable) and checks it once with
// check_endpoint_options before any request is made.
//
// Promises: an override that is not http(s) on a loopback host is refused with a
// diagnostic; without an override every URL is https on the cloud's documented hosts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace tf::graph {

enum class Cloud { Global, UsGov, UsGovDod, China };

// "global", "usgov", "usgov-dod", "china" (the manifest's spelling).
std::optional<Cloud> cloud_from_name(const std::string& name);
const char* cloud_name(Cloud cloud);
std::vector<std::string> cloud_names();

struct CloudHosts {
  std::string login;  // https://login.microsoftonline.com
  std::string graph;  // https://graph.microsoft.com
  std::string scope;  // https://graph.microsoft.com/.default
};

CloudHosts cloud_hosts(Cloud cloud);

struct EndpointOptions {
  std::optional<std::string> emulator_url;  // e.g. http://127.0.0.1:8123
  std::string api_version = "v1.0";
};

// --emulator wins over TENANTFORM_EMULATOR; an empty flag means "not given".
EndpointOptions endpoint_options_from(const std::optional<std::string>& emulator_flag);

// Diagnostics for a bad override (not a URL, not loopback, not http/https).
Diagnostics check_endpoint_options(const EndpointOptions& options);

// The resolved endpoints of one tenant.
struct TenantEndpoints {
  std::string token_url;   // https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token
  std::string graph_base;  // https://graph.microsoft.com/v1.0 (no trailing slash)
  std::string graph_origin;  // https://graph.microsoft.com: nextLinks must stay on it
  std::string scope;       // https://graph.microsoft.com/.default
  std::string audience;    // the client assertion's aud (= token_url)
};

TenantEndpoints tenant_endpoints(Cloud cloud, const std::string& tenant_id, const EndpointOptions& options);

}  // namespace tf::graph
