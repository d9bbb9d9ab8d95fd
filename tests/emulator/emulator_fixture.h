// What the emulator tests share beyond the process itself (tests/support/emulator_process.h):
// the tenants of tests/emulator/seed/, a plain Graph client (tests/support/http_client with a
// bearer token) for checking what the emulator holds without tenantform's client, the
// documented example bodies, and the documented link set-up sequence. Header-only.
#pragma once

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/support/emulator_process.h"
#include "tests/support/http_client.h"
#include "tests/support/util.h"

namespace tf::test {

// The tenants of tests/emulator/seed/.
inline const std::string kContoso = "3d2c1b0a-1111-4222-8333-444455556666";
inline const std::string kFabrikam = "9c5d131d-b1c3-4fc4-9e3f-c6557947d551";
inline const std::string kContosoClient = "0f0e0d0c-0000-4000-8000-000000000001";
inline const std::string kContosoSecret = "contoso-test-secret";
inline const std::string kFabrikamClient = "0f0e0d0c-0000-4000-8000-000000000002";
inline const std::string kFabrikamSecret = "fabrikam-test-secret";
inline const std::string kCtsTemplate = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";

inline std::filesystem::path emulator_seed_dir() { return source_dir() / "tests" / "emulator" / "seed"; }

// A token for `tenant` from the client-credentials secret flow (empty on failure).
inline std::string secret_token(const std::string& url, const std::string& tenant, const std::string& client,
                                const std::string& secret) {
  HttpResponse r = request("POST", url + "/" + tenant + "/oauth2/v2.0/token",
                           {{"Content-Type", "application/x-www-form-urlencoded"}},
                           "grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret +
                               "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  return r.status == 200 && body.is_object() ? body.value("access_token", "") : "";
}

struct GraphReply {
  int status = 0;
  nlohmann::json body;  // null when there is none
  std::map<std::string, std::string> headers;
};

class GraphClient {
 public:
  GraphClient(std::string url, std::string token) : url_(std::move(url)), token_(std::move(token)) {}

  GraphReply call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) const {
    std::string full = path.rfind("http", 0) == 0 ? path : url_ + (path.rfind("/v1.0", 0) == 0 || path.rfind("/beta", 0) == 0 ? "" : "/v1.0") + encode_query(path);
    std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token_}};
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    HttpResponse r = request(method, full, headers, body.is_null() ? std::string() : body.dump());
    GraphReply reply{r.status, nullptr, r.headers};
    if (!r.body.empty()) reply.body = nlohmann::json::parse(r.body, nullptr, false);
    return reply;
  }
  GraphReply get(const std::string& path) const { return call("GET", path); }
  GraphReply post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) const { return call("POST", path, body); }
  GraphReply put(const std::string& path, const nlohmann::json& body) const { return call("PUT", path, body); }
  GraphReply patch(const std::string& path, const nlohmann::json& body) const { return call("PATCH", path, body); }
  GraphReply del(const std::string& path) const { return call("DELETE", path); }

 private:
  // Percent-encodes the characters of a query that curl will not send as they are.
  static std::string encode_query(const std::string& path) {
    std::size_t question = path.find('?');
    if (question == std::string::npos) return path;
    std::string out = path.substr(0, question + 1);
    const std::string safe = "-_.~$=&/,:()@!*;";
    for (unsigned char c : path.substr(question + 1)) {
      if (std::isalnum(c) || safe.find(static_cast<char>(c)) != std::string::npos) {
        out += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        out += hex;
      }
    }
    return out;
  }

  std::string url_;
  std::string token_;
};

// A documented example body from shared/reference/graph-examples/.
inline nlohmann::json example(const std::string& name) {
  return nlohmann::json::parse(read_file(shared_dir() / "reference" / "graph-examples" / name));
}

// POST /_emulator/cycle; returns the summary.
inline nlohmann::json run_cycle(const std::string& url) {
  HttpResponse r = request("POST", url + "/_emulator/cycle", {}, "");
  return nlohmann::json::parse(r.body, nullptr, false);
}

// graph-api.md §1 steps 1-10 and 12 for source -> target with the documented bodies;
// returns {spId, appRoleId, jobId}.
struct LinkIds {
  std::string sp, role, job;
};

inline LinkIds configure_link(const GraphClient& source, const GraphClient& target, const std::string& source_id,
                              const std::string& target_id, bool sync_all = false) {
  const std::string partners = "/policies/crossTenantAccessPolicy/partners";
  target.post(partners, {{"tenantId", source_id}});
  nlohmann::json sync = example("ctap-identitysync-put.request.json");
  target.put(partners + "/" + source_id + "/identitySynchronization", sync);
  target.patch(partners + "/" + source_id, {{"automaticUserConsentSettings", {{"inboundAllowed", true}}}});
  source.post(partners, {{"tenantId", target_id}});
  source.patch(partners + "/" + target_id, {{"automaticUserConsentSettings", {{"outboundAllowed", true}}}});
  GraphReply app = source.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", {{"displayName", "link to " + target_id}});
  LinkIds ids;
  ids.sp = app.body["servicePrincipal"]["id"];
  ids.role = app.body["servicePrincipal"]["appRoles"][0]["id"];
  GraphReply job = source.post("/servicePrincipals/" + ids.sp + "/synchronization/jobs", {{"templateId", "Azure2Azure"}});
  ids.job = job.body["id"];
  source.put("/servicePrincipals/" + ids.sp + "/synchronization/secrets",
             {{"value", {{{"key", "CompanyId"}, {"value", target_id}}, {{"key", "AuthenticationType"}, {"value", "SyncPolicy"}},
                         {{"key", "SyncAll"}, {"value", sync_all ? "true" : "false"}}}}});
  return ids;
}

}  // namespace tf::test
