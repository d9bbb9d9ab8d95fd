// Shared by the apply tests: the merger-one-way example's tenants in a real
// emulator, a tenantform Graph client for them, and a hand-built all-create plan
// for the link fabrikam -> contoso (the shape diff produces, written by hand so the
// executor is tested on its own).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/plan.h"
#include "runtime/graph/clock.h"
#include "runtime/graph/curl_transport.h"
#include "runtime/graph/graph_client.h"
#include "tests/emulator/emulator_fixture.h"
#include "tests/support/util.h"

namespace tf::apply::test {

inline const std::string kFabrikamId = "bc16cc55-257c-4c8b-ba01-2c6e3dbb8e83";
inline const std::string kContosoId = "cfd7dfc3-c394-4621-a6f9-0ab65e30af5e";
inline const std::string kFabrikamClient = "e7a20d8f-eaa4-4860-92e5-caef9b92fc20";
inline const std::string kContosoClient = "e7f52246-f49e-4885-adea-f6305b1f7297";
inline const std::string kFabrikamSecret = "emulator-fabrikam-secret";
inline const std::string kContosoSecret = "emulator-contoso-secret";
inline const std::string kWaveGroup = "77b7c50a-73d9-4c7c-91bb-63a150a358f9";  // Merger-Wave-1 in fabrikam

inline std::filesystem::path merger_seed() { return tf::test::source_dir() / "examples" / "merger-one-way" / "seed"; }

// The emulator on a fresh data directory seeded with the example's tenants.
struct Emulator {
  explicit Emulator(std::vector<std::string> extra = {}) : process(dir.path() / "data", merger_seed(), std::move(extra)) {}
  tf::test::TempDir dir;
  tf::test::EmulatorProcess process;
  const std::string& url() const { return process.url(); }
  // A plain HTTP client for checking what the emulator holds (bypasses tenantform).
  tf::test::GraphClient raw(const std::string& tenant_id) const {
    bool fabrikam = tenant_id == kFabrikamId;
    return tf::test::GraphClient(url(), tf::test::secret_token(url(), tenant_id, fabrikam ? kFabrikamClient : kContosoClient,
                                                               fabrikam ? kFabrikamSecret : kContosoSecret));
  }
};

// tenantform's Graph client for both tenants, pointed at the emulator.
struct Client {
  explicit Client(const std::string& url) : client(transport, clock, options(url)) {
    client.add_tenant({"fabrikam", kFabrikamId, graph::Cloud::Global, graph::ClientSecretCredential{kFabrikamClient, kFabrikamSecret}});
    client.add_tenant({"contoso", kContosoId, graph::Cloud::Global, graph::ClientSecretCredential{kContosoClient, kContosoSecret}});
  }
  static graph::ClientOptions options(const std::string& url) {
    graph::ClientOptions o;
    o.endpoints.emulator_url = url;
    o.environment_tokens = false;
    o.retry.base_delay = graph::Millis{20};
    o.retry.max_attempts = 12;
    o.retry.max_total_wait = graph::Millis{60'000};
    return o;
  }
  graph::CurlTransport transport;
  graph::SystemClock clock;
  graph::GraphClient client;
};

inline plan::Change make_change(plan::ResourceKind kind, bool target_side, nlohmann::json after,
                                std::vector<std::string> depends_on = {}) {
  plan::Change c;
  c.kind = kind;
  c.action = plan::Action::Create;
  c.tenant = target_side ? "contoso" : "fabrikam";
  c.tenant_id = target_side ? kContosoId : kFabrikamId;
  c.partner = target_side ? "fabrikam" : "contoso";
  c.partner_id = target_side ? kFabrikamId : kContosoId;
  bool per_pair = kind == plan::ResourceKind::PartnerConfiguration || kind == plan::ResourceKind::IdentitySyncPolicy;
  if (!per_pair) c.link = plan::LinkKey{kFabrikamId, kContosoId};
  c.address = plan::resource_address(kind, c.tenant, c.partner);
  c.reason = "link 'fabrikam' -> 'contoso' needs it";
  c.after = std::move(after);
  for (const auto& [path, value] : c.after.items()) c.fields.push_back({path, nullptr, value, false});
  c.depends_on = std::move(depends_on);
  return c;
}

inline const std::string kAppName = "tenantform fabrikam to contoso";

// Every change of the link, in DESIGN.md's creation order.
inline plan::Plan all_create_plan() {
  using plan::ResourceKind;
  using nlohmann::json;
  plan::Plan p;
  p.tool_version = "test";
  p.tenants = {{"contoso", kContosoId, "global", kContosoClient, "CONTOSO_SECRET", {}, {}, {}},
               {"fabrikam", kFabrikamId, "global", kFabrikamClient, "FABRIKAM_SECRET", {}, {}, {}}};
  std::string tag = plan::ownership_tag({kFabrikamId, kContosoId});
  auto add = [&](plan::Change c) { p.changes.push_back(std::move(c)); return p.changes.back().address; };
  std::string inbound = add(make_change(ResourceKind::PartnerConfiguration, true, {{"/automaticUserConsentSettings/inboundAllowed", true}}));
  std::string policy = add(make_change(ResourceKind::IdentitySyncPolicy, true,
                                       {{"/displayName", "fabrikam"}, {"/userSyncInbound/isSyncAllowed", true}}, {inbound}));
  std::string outbound = add(make_change(ResourceKind::PartnerConfiguration, false,
                                         {{"/automaticUserConsentSettings/outboundAllowed", true}}, {inbound, policy}));
  std::string app = add(make_change(ResourceKind::SyncApp, false, {{"/displayName", kAppName}, {"/tags", json::array({tag})}}, {outbound}));
  json notify = {{"Enabled", true}, {"Recipients", "merger-pmo@contoso.com"}, {"DeleteThresholdEnabled", true}, {"DeleteThresholdValue", 20}};
  std::string secrets = add(make_change(ResourceKind::SyncSecrets, false,
                                        {{"/AuthenticationType", "SyncPolicy"}, {"/CompanyId", kContosoId}, {"/SyncAll", "false"},
                                         {"/SyncNotificationSettings", notify.dump()}},
                                        {app}));
  std::string job = add(make_change(ResourceKind::SyncJob, false, json::object(), {secrets}));
  json mappings = json::array({
      {{"targetAttributeName", "companyName"}, {"source", {{"type", "Constant"}, {"name", "Fabrikam, a Contoso company"}, {"expression", "\"Fabrikam, a Contoso company\""}, {"parameters", json::array()}}}, {"flowBehavior", "FlowWhenChanged"}, {"flowType", "Always"}, {"matchingPriority", 0}, {"defaultValue", nullptr}},
      {{"targetAttributeName", "displayName"}, {"source", {{"type", "Attribute"}, {"name", "displayName"}, {"expression", "[displayName]"}, {"parameters", json::array()}}}, {"flowBehavior", "FlowWhenChanged"}, {"flowType", "Always"}, {"matchingPriority", 0}, {"defaultValue", nullptr}},
      {{"targetAttributeName", "userType"}, {"source", {{"type", "Constant"}, {"name", "Member"}, {"expression", "\"Member\""}, {"parameters", json::array()}}}, {"flowBehavior", "FlowWhenChanged"}, {"flowType", "Always"}, {"matchingPriority", 0}, {"defaultValue", nullptr}},
  });
  json scope = {{"groups", json::array({{{"name", "enabled"}, {"clauses", json::array({{{"operatorName", "IS TRUE"}, {"sourceOperandName", "accountEnabled"}, {"targetOperand", {{"values", json::array()}}}}})}}})}};
  std::string schema = add(make_change(ResourceKind::SyncSchema, false, {{"/attributeMappings", mappings}, {"/scope", scope}}, {job}));
  std::string assignments = add(make_change(ResourceKind::AppRoleAssignments, false,
                                            {{"/principals", json::array({{{"id", kWaveGroup}, {"type", "Group"}}})}}, {app}));
  add(make_change(ResourceKind::JobState, false, {{"/state", "Active"}}, {schema, assignments}));
  return p;
}

inline const plan::Change* find_change(const plan::Plan& p, plan::ResourceKind kind) {
  for (const plan::Change& c : p.changes)
    if (c.kind == kind) return &c;
  return nullptr;
}

// The service principals of fabrikam carrying the link's ownership tag.
inline std::vector<nlohmann::json> tagged_apps(const Emulator& emulator) {
  nlohmann::json dump = nlohmann::json::parse(
      tf::test::request("GET", emulator.url() + "/_emulator/tenants/" + kFabrikamId, {}, "").body, nullptr, false);
  std::vector<nlohmann::json> out;
  std::string tag = plan::ownership_tag({kFabrikamId, kContosoId});
  for (const auto& [id, sp] : dump["servicePrincipals"].items())
    for (const nlohmann::json& t : sp["tags"])
      if (t == tag) out.push_back(sp);
  return out;
}

}  // namespace tf::apply::test
