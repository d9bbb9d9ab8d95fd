// Tests of expand (compiler/plan/expand.h): the desired state of every link, rule by
// rule on small manifests, on every example, as goldens of two examples, and its
// determinism and dependency order.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "compiler/expr/parser.h"
#include "compiler/expr/printer.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/expand.h"
#include "compiler/plan/state_json.h"
#include "compiler/plan/template_defaults.h"
#include "tests/support/util.h"

namespace {

namespace fs = std::filesystem;
using tf::Diagnostics;
using tf::plan::DesiredState;
using tf::plan::Resource;

const char* kContosoId = "3d2c1b0a-1111-4222-8333-444455556666";
const char* kFabrikamId = "4e3d2c1b-2222-4333-8444-555566667777";

const std::string kTenants =
    "tenants:\n"
    "  contoso: { id: 3d2c1b0a-1111-4222-8333-444455556666, domain: contoso.com }\n"
    "  fabrikam: { id: 4e3d2c1b-2222-4333-8444-555566667777, domain: fabrikam.com }\n"
    "  northwind: { id: 5f4e3d2c-3333-4444-8555-666677778888 }\n";

// A manifest written to a temporary directory and compiled (it must compile).
struct Compiled {
  tf::test::TempDir dir;
  tf::manifest::CompiledManifest manifest;
};

std::unique_ptr<Compiled> compile_text(const std::string& text) {
  auto out = std::make_unique<Compiled>();
  tf::test::write_file(out->dir.path() / "m.yaml", text);
  Diagnostics diagnostics;
  auto compiled = tf::manifest::compile_manifest((out->dir.path() / "m.yaml").string(), diagnostics);
  REQUIRE_MESSAGE(compiled.has_value(), "the test manifest must compile");
  out->manifest = std::move(*compiled);
  return out;
}

DesiredState expand_text(const std::string& text) {
  auto compiled = compile_text(text);
  Diagnostics diagnostics;
  DesiredState state = tf::plan::expand(compiled->manifest, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  return state;
}

const Resource& get(const DesiredState& state, const std::string& address) {
  const Resource* r = state.find(address);
  REQUIRE_MESSAGE(r != nullptr, "missing " << address);
  return *r;
}

std::vector<std::string> addresses(const DesiredState& state) {
  std::vector<std::string> out;
  for (const Resource& r : state.resources) out.push_back(r.address);
  return out;
}

// Every depends_on names an existing resource and the graph has no cycle.
void check_dependency_graph(const DesiredState& state) {
  std::map<std::string, int> indegree;
  std::map<std::string, std::vector<std::string>> dependents;
  for (const Resource& r : state.resources) indegree[r.address] += 0;
  for (const Resource& r : state.resources)
    for (const std::string& d : r.depends_on) {
      CHECK_MESSAGE(state.find(d) != nullptr, r.address << " depends on a missing " << d);
      ++indegree[r.address];
      dependents[d].push_back(r.address);
    }
  std::vector<std::string> ready;
  for (const auto& [a, n] : indegree)
    if (n == 0) ready.push_back(a);
  std::size_t done = 0;
  while (!ready.empty()) {
    std::string a = ready.back();
    ready.pop_back();
    ++done;
    for (const std::string& d : dependents[a])
      if (--indegree[d] == 0) ready.push_back(d);
  }
  CHECK_MESSAGE(done == state.resources.size(), "the dependency graph has a cycle");
}

const nlohmann::json* mapping_for(const nlohmann::json& mappings, const std::string& target) {
  for (const nlohmann::json& m : mappings)
    if (m["targetAttributeName"] == target) return &m;
  return nullptr;
}

const std::string kOneLink = kTenants +
                             "links:\n"
                             "  f2c: { from: fabrikam, to: contoso }\n";

}  // namespace

TEST_CASE("expand: one link gives the nine resources of DESIGN.md, sorted by address") {
  DesiredState state = expand_text(kOneLink);
  std::vector<std::string> expected = {
      "app_role_assignments.fabrikam[contoso]", "identity_sync_policy.contoso[fabrikam]",
      "job_state.fabrikam[contoso]",            "partner_configuration.contoso[fabrikam]",
      "partner_configuration.fabrikam[contoso]", "sync_app.fabrikam[contoso]",
      "sync_job.fabrikam[contoso]",             "sync_schema.fabrikam[contoso]",
      "sync_secrets.fabrikam[contoso]"};
  CHECK(addresses(state) == expected);
}

TEST_CASE("expand: every resource records its tenants, link and origin") {
  DesiredState state = expand_text(kOneLink);
  for (const Resource& r : state.resources) {
    INFO(r.address);
    CHECK(r.origin.valid());
    CHECK(r.origin_description == "link 'f2c'");
    bool in_source = r.tenant == "fabrikam";
    CHECK(r.tenant_id == (in_source ? kFabrikamId : kContosoId));
    CHECK(r.partner == (in_source ? "contoso" : "fabrikam"));
    CHECK(r.partner_id == (in_source ? kContosoId : kFabrikamId));
    bool per_pair = r.kind == tf::plan::ResourceKind::PartnerConfiguration ||
                    r.kind == tf::plan::ResourceKind::IdentitySyncPolicy;
    CHECK(r.link.has_value() == !per_pair);
    if (r.link) CHECK(*r.link == tf::plan::LinkKey{kFabrikamId, kContosoId});
  }
}

TEST_CASE("expand: a one-way link manages only the consent direction each side needs") {
  DesiredState state = expand_text(kOneLink);
  const Resource& target_side = get(state, "partner_configuration.contoso[fabrikam]");
  const Resource& source_side = get(state, "partner_configuration.fabrikam[contoso]");
  CHECK(target_side.fields == nlohmann::json{{"/automaticUserConsentSettings/inboundAllowed", true}});
  CHECK(source_side.fields == nlohmann::json{{"/automaticUserConsentSettings/outboundAllowed", true}});
}

TEST_CASE("expand: the two directions of a pair merge into one partner configuration per tenant") {
  DesiredState state = expand_text(kTenants +
                                   "links:\n"
                                   "  f2c: { from: fabrikam, to: contoso }\n"
                                   "  c2f: { from: contoso, to: fabrikam }\n");
  nlohmann::json both = {{"/automaticUserConsentSettings/inboundAllowed", true},
                         {"/automaticUserConsentSettings/outboundAllowed", true}};
  CHECK(get(state, "partner_configuration.contoso[fabrikam]").fields == both);
  CHECK(get(state, "partner_configuration.fabrikam[contoso]").fields == both);
  CHECK(state.resources.size() == 2 * 6 + 2 + 2);
  // The first link in (source, target) order gives the shared resource its origin.
  CHECK(get(state, "partner_configuration.fabrikam[contoso]").origin_description == "link 'c2f'");
  check_dependency_graph(state);
}

TEST_CASE("expand: the target's identity sync policy allows inbound sync and is named after the source") {
  DesiredState state = expand_text(kOneLink);
  const Resource& policy = get(state, "identity_sync_policy.contoso[fabrikam]");
  CHECK(policy.fields["/userSyncInbound/isSyncAllowed"] == true);
  CHECK(policy.fields["/displayName"] == "fabrikam");
  CHECK(policy.depends_on == std::vector<std::string>{"partner_configuration.contoso[fabrikam]"});
}

TEST_CASE("expand: the sync app carries the link's ownership tag and a name unique per target") {
  DesiredState state = expand_text(kTenants +
                                   "links:\n"
                                   "  f2c: { from: fabrikam, to: contoso }\n"
                                   "  f2n: { from: fabrikam, to: northwind }\n");
  const Resource& to_contoso = get(state, "sync_app.fabrikam[contoso]");
  const Resource& to_northwind = get(state, "sync_app.fabrikam[northwind]");
  CHECK(to_contoso.fields["/displayName"] != to_northwind.fields["/displayName"]);
  std::string name = to_contoso.fields["/displayName"];
  CHECK(name.find(kContosoId) != std::string::npos);
  CHECK(name.find("contoso") != std::string::npos);
  REQUIRE(to_contoso.fields["/tags"].size() == 1);
  auto parsed = tf::plan::parse_ownership_tag(to_contoso.fields["/tags"][0].get<std::string>());
  REQUIRE(parsed.has_value());
  CHECK(*parsed == *to_contoso.link);
}

TEST_CASE("expand: secrets name the target, the scope mode and the threshold") {
  DesiredState state = expand_text(kTenants +
                                   "scopes:\n"
                                   "  everyone: { assigned_only: false }\n"
                                   "thresholds:\n"
                                   "  strict: { max_deletions: 25, notify: [a@contoso.com, b@contoso.com] }\n"
                                   "links:\n"
                                   "  f2c: { from: fabrikam, to: contoso, sync: { scope: everyone, threshold: strict } }\n"
                                   "  c2f: { from: contoso, to: fabrikam }\n");
  const Resource& with = get(state, "sync_secrets.fabrikam[contoso]");
  CHECK(with.fields["/CompanyId"] == kContosoId);
  CHECK(with.fields["/AuthenticationType"] == "SyncPolicy");
  CHECK(with.fields["/SyncAll"] == "true");
  std::string encoded = with.fields["/SyncNotificationSettings"];
  nlohmann::json settings = nlohmann::json::parse(encoded);
  CHECK(settings["Enabled"] == true);
  CHECK(settings["Recipients"] == "a@contoso.com,b@contoso.com");
  CHECK(settings["DeleteThresholdEnabled"] == true);
  CHECK(settings["DeleteThresholdValue"] == 25);
  // The key order is fixed, so the encoded string is stable.
  CHECK(encoded.find("\"Enabled\"") < encoded.find("\"Recipients\""));
  CHECK(encoded.find("\"Recipients\"") < encoded.find("\"DeleteThresholdEnabled\""));
  CHECK(encoded.find("\"DeleteThresholdEnabled\"") < encoded.find("\"DeleteThresholdValue\""));

  const Resource& without = get(state, "sync_secrets.contoso[fabrikam]");
  CHECK(without.fields["/CompanyId"] == kFabrikamId);
  CHECK(without.fields["/SyncAll"] == "false");
  CHECK(nlohmann::json::parse(without.fields["/SyncNotificationSettings"].get<std::string>()) ==
        nlohmann::json{{"Enabled", false}, {"DeleteThresholdEnabled", false}});
}

TEST_CASE("expand: the job uses the cross-tenant template and ends up active") {
  DesiredState state = expand_text(kOneLink);
  CHECK(get(state, "sync_job.fabrikam[contoso]").fields == nlohmann::json{{"/templateId", "Azure2Azure"}});
  CHECK(get(state, "job_state.fabrikam[contoso]").fields == nlohmann::json{{"/state", "Active"}});
}

TEST_CASE("expand: a link without a mapping gets the template's defaults and an empty scope") {
  DesiredState state = expand_text(kOneLink);
  const Resource& schema = get(state, "sync_schema.fabrikam[contoso]");
  nlohmann::json defaults(tf::plan::template_default_mappings());
  CHECK(schema.fields["/attributeMappings"] == defaults);
  CHECK(schema.fields["/scope"]["groups"] == nlohmann::json::array());
  CHECK(get(state, "app_role_assignments.fabrikam[contoso]").fields["/groups"] == nlohmann::json::array());
}

TEST_CASE("template defaults: sorted, one matching attribute, and written as the compiler prints them") {
  const auto& defaults = tf::plan::template_default_mappings();
  REQUIRE_FALSE(defaults.empty());
  int matching = 0;
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    const nlohmann::json& m = defaults[i];
    if (i > 0) CHECK(defaults[i - 1]["targetAttributeName"].get<std::string>() < m["targetAttributeName"].get<std::string>());
    if (m["matchingPriority"] != 0) {
      ++matching;
      CHECK(m["targetAttributeName"] == tf::plan::kMatchingAttribute);
      CHECK(m["matchingPriority"] == 1);
    }
    // A manifest that restates a default must produce the same source, or every plan would show a change.
    std::string text = m["source"]["expression"];
    if (m["source"]["type"] == "Function") continue;  // AltSecidFromNetid: internal, not in the catalogue
    Diagnostics diagnostics;
    auto parsed = tf::expr::parse_expression(tf::located_string_from(text, "<default>"), diagnostics);
    REQUIRE(parsed.has_value());
    CHECK_MESSAGE(tf::expr::to_graph_source(*parsed) == m["source"], text);
  }
  CHECK(matching == 1);
}

TEST_CASE("expand: a mapping overlays the defaults, drops nulls, substitutes placeholders and honours on-create") {
  DesiredState state = expand_text(kTenants +
                                   "mappings:\n"
                                   "  m:\n"
                                   "    attributes:\n"
                                   "      displayName: 'Join(\" \", [displayName], \"(${source.domain})\")'\n"
                                   "      companyName: '\"${source.name} to ${target.name}\"'\n"
                                   "      showInAddressList: { expression: '\"True\"', apply: on-create }\n"
                                   "      employeeId: null\n"
                                   "links:\n"
                                   "  f2c: { from: fabrikam, to: contoso, sync: { mapping: m } }\n");
  const nlohmann::json& mappings = get(state, "sync_schema.fabrikam[contoso]").fields["/attributeMappings"];
  CHECK(mapping_for(mappings, "employeeId") == nullptr);
  const nlohmann::json* display = mapping_for(mappings, "displayName");
  REQUIRE(display != nullptr);
  CHECK((*display)["source"]["type"] == "Function");
  CHECK((*display)["source"].dump().find("(fabrikam.com)") != std::string::npos);
  CHECK((*display)["source"].dump().find("${") == std::string::npos);
  CHECK((*display)["flowType"] == "Always");
  const nlohmann::json* company = mapping_for(mappings, "companyName");
  REQUIRE(company != nullptr);
  CHECK((*company)["source"]["expression"] == "\"fabrikam to contoso\"");
  const nlohmann::json* show = mapping_for(mappings, "showInAddressList");
  REQUIRE(show != nullptr);
  CHECK((*show)["flowType"] == "ObjectAddOnly");
  CHECK((*show)["defaultValue"].is_null());
  CHECK((*show)["flowBehavior"] == "FlowWhenChanged");
  const nlohmann::json* altsec = mapping_for(mappings, "alternativeSecurityIds");
  REQUIRE(altsec != nullptr);
  CHECK((*altsec)["matchingPriority"] == 1);
  CHECK(mapping_for(mappings, "department") != nullptr);  // untouched defaults stay
  CHECK(mappings.size() == tf::plan::template_default_mappings().size());  // +companyName -employeeId
  for (std::size_t i = 1; i < mappings.size(); ++i)
    CHECK(mappings[i - 1]["targetAttributeName"].get<std::string>() < mappings[i]["targetAttributeName"].get<std::string>());
}

TEST_CASE("expand: the scope's filter and groups reach the schema and the assignments") {
  DesiredState state = expand_text(kTenants +
                                   "scopes:\n"
                                   "  s:\n"
                                   "    groups: [Zeta, 0A1B2C3D-0000-4000-8000-000000000001, Alpha, Zeta]\n"
                                   "    filter: 'department == \"Sales\" or department == \"Engineering\"'\n"
                                   "links:\n"
                                   "  f2c: { from: fabrikam, to: contoso, sync: { scope: s } }\n");
  const nlohmann::json& scope = get(state, "sync_schema.fabrikam[contoso]").fields["/scope"];
  REQUIRE(scope["groups"].size() == 2);
  CHECK(scope["groups"][0]["clauses"][0]["sourceOperandName"] == "department");
  nlohmann::json groups = get(state, "app_role_assignments.fabrikam[contoso]").fields["/groups"];
  nlohmann::json expected = nlohmann::json::array({{{"id", "0a1b2c3d-0000-4000-8000-000000000001"}},
                                                   {{"name", "Alpha"}},
                                                   {{"name", "Zeta"}}});
  CHECK(groups == expected);
}

TEST_CASE("expand: a link's resources are created in DESIGN.md's order, target side first") {
  DesiredState state = expand_text(kOneLink);
  CHECK(get(state, "partner_configuration.contoso[fabrikam]").depends_on.empty());
  std::vector<std::string> outbound_deps = get(state, "partner_configuration.fabrikam[contoso]").depends_on;
  std::sort(outbound_deps.begin(), outbound_deps.end());
  CHECK(outbound_deps ==
        std::vector<std::string>{"identity_sync_policy.contoso[fabrikam]", "partner_configuration.contoso[fabrikam]"});
  std::vector<std::string> app_deps = get(state, "sync_app.fabrikam[contoso]").depends_on;
  std::sort(app_deps.begin(), app_deps.end());
  CHECK(app_deps == std::vector<std::string>{"identity_sync_policy.contoso[fabrikam]",
                                             "partner_configuration.contoso[fabrikam]",
                                             "partner_configuration.fabrikam[contoso]"});
  const char* chain[] = {"sync_app", "sync_secrets", "sync_job", "sync_schema", "app_role_assignments", "job_state"};
  for (std::size_t i = 1; i < std::size(chain); ++i)
    CHECK(get(state, std::string(chain[i]) + ".fabrikam[contoso]").depends_on ==
          std::vector<std::string>{std::string(chain[i - 1]) + ".fabrikam[contoso]"});
  check_dependency_graph(state);
}

TEST_CASE("expand: a missing domain is an error at the placeholder, reported once, and expand carries on") {
  auto compiled = compile_text(kTenants +
                               "mappings:\n"
                               "  m:\n"
                               "    attributes:\n"
                               "      displayName: 'Join(\" \", [displayName], \"(${source.domain})\")'\n"
                               "hubs:\n"
                               "  h: { hub: fabrikam, spokes: [contoso, northwind], pattern: user-hub, sync: { mapping: m } }\n");
  // Compilation checks substitutions already; take the domain away afterwards to reach expand's own check.
  for (auto& tenant : compiled->manifest.model.tenants)
    if (tenant.name == "fabrikam") tenant.domain.reset();
  Diagnostics diagnostics;
  DesiredState state = tf::plan::expand(compiled->manifest, diagnostics);
  REQUIRE(diagnostics.error_count() == 1);
  const tf::Diagnostic& error = diagnostics.items()[0];
  CHECK(error.message.find("fabrikam") != std::string::npos);
  CHECK(error.location.line == 8);  // the displayName line of the manifest
  CHECK_FALSE(error.notes.empty());
  // Everything else is still there; the failing attribute is left out.
  CHECK(state.resources.size() == 2 * 6 + 2 * 3);
  const nlohmann::json& mappings = get(state, "sync_schema.fabrikam[contoso]").fields["/attributeMappings"];
  CHECK(mapping_for(mappings, "displayName") == nullptr);
  CHECK(mapping_for(mappings, "givenName") != nullptr);
}

TEST_CASE("expand: every example expands without errors into a sound desired state") {
  for (const auto& entry : fs::directory_iterator(tf::test::source_dir() / "examples")) {
    if (!entry.is_directory()) continue;
    INFO(entry.path().filename().string());
    Diagnostics diagnostics;
    auto compiled = tf::manifest::compile_manifest(entry.path().string(), diagnostics);
    REQUIRE(compiled.has_value());
    DesiredState state = tf::plan::expand(*compiled, diagnostics);
    CHECK_FALSE(diagnostics.has_errors());
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& link : compiled->topology.links) {
      pairs.insert({link.source, link.target});
      pairs.insert({link.target, link.source});
    }
    std::set<std::string> policies;
    for (const auto& link : compiled->topology.links) policies.insert(link.target + "[" + link.source + "]");
    CHECK(state.resources.size() == 6 * compiled->topology.links.size() + pairs.size() + policies.size());
    std::vector<std::string> sorted = addresses(state);
    CHECK(std::is_sorted(sorted.begin(), sorted.end()));
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    for (const Resource& r : state.resources) {
      CHECK(r.origin.valid());
      CHECK_FALSE(r.tenant_id.empty());
      CHECK_FALSE(r.partner_id.empty());
      if (r.kind == tf::plan::ResourceKind::SyncSchema)
        for (const nlohmann::json& m : r.fields["/attributeMappings"])
          CHECK(m["source"].dump().find("${") == std::string::npos);
    }
    check_dependency_graph(state);
  }
}

TEST_CASE("expand: the same manifest gives the same bytes twice") {
  fs::path example = tf::test::source_dir() / "examples" / "user-hub";
  std::string runs[2];
  for (std::string& run : runs) {
    Diagnostics diagnostics;
    auto compiled = tf::manifest::compile_manifest(example.string(), diagnostics);
    REQUIRE(compiled.has_value());
    run = tf::plan::to_json(tf::plan::expand(*compiled, diagnostics)).dump(2);
  }
  CHECK(runs[0] == runs[1]);
}

TEST_CASE("expand: golden desired state of the merger and bidirectional examples") {
  for (const char* name : {"merger-one-way", "bidirectional-pair"}) {
    INFO(std::string(name));
    fs::path example = tf::test::source_dir() / "examples" / name;
    Diagnostics diagnostics;
    auto compiled = tf::manifest::compile_manifest(example.string(), diagnostics);
    REQUIRE(compiled.has_value());
    std::string text = tf::plan::to_json(tf::plan::expand(*compiled, diagnostics)).dump(2) + "\n";
    // Origins relative to the repository, so the golden does not depend on the checkout's place.
    std::string prefix = tf::test::source_dir().string() + "/";
    for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at))
      text.erase(at, prefix.size());
    std::string diff;
    CHECK_MESSAGE(tf::test::matches_golden(tf::test::source_dir() / "tests/plan/golden_desired" /
                                               (std::string(name) + ".json"),
                                           text, diff),
                  diff);
  }
}

TEST_CASE("expand: links sharing a mapping each get it as a link of their own would, placeholders substituted per link") {
  const std::string mapping =
      "mappings:\n"
      "  m:\n"
      "    attributes:\n"
      "      displayName: 'Join(\" \", [displayName], \"(${source.name})\")'\n"
      "      department: 'IgnoreFlowIfNullOrEmpty([department])'\n"
      "      companyName: '\"${source.name} to ${target.name}\"'\n"
      "      showInAddressList: { expression: '\"False\"', apply: on-create }\n"
      "      employeeId: null\n";
  DesiredState mesh = expand_text(kTenants + mapping +
                                  "meshes:\n"
                                  "  all: { members: [contoso, fabrikam, northwind], sync: { mapping: m } }\n");
  std::set<std::string> company_names;
  for (const char* source : {"contoso", "fabrikam", "northwind"})
    for (const char* target : {"contoso", "fabrikam", "northwind"}) {
      if (std::string(source) == target) continue;
      std::string address = std::string("sync_schema.") + source + "[" + target + "]";
      DesiredState alone = expand_text(kTenants + mapping + "links:\n  one: { from: " + source + ", to: " + target +
                                       ", sync: { mapping: m } }\n");
      const nlohmann::json& shared = get(mesh, address).fields["/attributeMappings"];
      CHECK(shared == get(alone, address).fields["/attributeMappings"]);
      const nlohmann::json* company = mapping_for(shared, "companyName");
      REQUIRE(company != nullptr);
      company_names.insert((*company)["source"]["expression"].get<std::string>());
      const nlohmann::json* department = mapping_for(shared, "department");
      REQUIRE(department != nullptr);
      CHECK((*department)["source"]["name"] == "IgnoreFlowIfNullOrEmpty");
      CHECK(mapping_for(shared, "employeeId") == nullptr);
    }
  CHECK(company_names.size() == 6);  // one per link: every link substituted its own names
  CHECK(company_names.count("\"fabrikam to northwind\"") == 1);
}
