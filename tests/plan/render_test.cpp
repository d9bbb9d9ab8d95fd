// render: the text, JSON and Markdown renderings of hand-built plans against golden
// files (tests/plan/golden/<case>.{txt,json,md}; UPDATE_GOLDEN=1 rewrites them), and
// the promises every rendering keeps (sensitive values hidden, Terraform's actions).
#include <doctest/doctest.h>

#include <set>

#include "compiler/plan/diff.h"
#include "compiler/plan/render_common.h"
#include "compiler/plan/render_json.h"
#include "compiler/plan/render_markdown.h"
#include "compiler/plan/render_text.h"
#include "tests/plan/plan_fixtures.h"
#include "tests/plan/sample_plans.h"
#include "tests/support/util.h"

namespace {

using namespace tf::plan;
using namespace tf::plan::fixtures;
using K = ResourceKind;

void check_golden(const std::string& name, const std::string& actual) {
  std::string difference;
  CHECK_MESSAGE(
      tf::test::matches_golden(tf::test::source_dir() / "tests/plan/golden" / name, actual, difference),
      difference);
}

void check_all_formats(const std::string& name, const Plan& plan) {
  check_golden(name + ".txt", render_plan_text(plan));
  check_golden(name + ".json", render_plan_json(plan));
  check_golden(name + ".md", render_plan_markdown(plan));
}

Plan sensitive_plan() {
  Plan plan;
  Change change;
  change.address = "sync_secrets.contoso[fabrikam]";
  change.kind = K::SyncSecrets;
  change.tenant = "contoso";
  change.partner = "fabrikam";
  change.link = LinkKey{kTenantIds.at("contoso"), kTenantIds.at("fabrikam")};
  change.action = Action::Update;
  change.before = {{"/SecretToken", "old-hunter2"}};
  change.after = {{"/SecretToken", "new-hunter2"}};
  change.fields.push_back({"/SecretToken", "old-hunter2", "new-hunter2", true});
  plan.changes.push_back(change);
  return plan;
}

}  // namespace

TEST_CASE("render: a new link in every format matches its golden files") {
  check_all_formats("all_create", all_create_plan());
}

TEST_CASE("render: drift, updates and a removed link in every format match their golden files") {
  check_all_formats("mixed", mixed_plan());
}

TEST_CASE(
    "render: a replaced job and what is created again with it in every format match their golden files") {
  check_all_formats("replace", replace_plan());
}

TEST_CASE("render: tenants that match the configuration in every format match their golden files") {
  check_all_formats("no_changes", no_change_plan());
}

TEST_CASE("render: the summary counts a replace as one add and one destroy") {
  Plan plan = replace_plan();
  PlanCounts counts = count_changes(plan);
  int replaces = 0, creates = 0, deletes = 0, updates = 0;
  for (const Change& c : plan.changes) {
    replaces += c.action == Action::Replace;
    creates += c.action == Action::Create;
    deletes += c.action == Action::Delete;
    updates += c.action == Action::Update;
  }
  REQUIRE(replaces == 1);
  CHECK(counts.add == creates + replaces);
  CHECK(counts.destroy == deletes + replaces);
  CHECK(counts.change == updates);
  CHECK(render_plan_text(plan).find(summary_sentence(plan)) != std::string::npos);
}

TEST_CASE("render: drift is shown before every other change in the text") {
  std::string text = render_plan_text(mixed_plan());
  auto drift = text.find("Objects have changed outside of tenantform");
  auto drifted = text.find("# partner_configuration.fabrikam[contoso] will be updated in-place");
  auto others = text.find("tenantform will perform the following actions");
  REQUIRE(drift != std::string::npos);
  CHECK(drift < drifted);
  CHECK(drifted < others);
}

TEST_CASE("render: a plan that only restores drift says so instead of listing no actions") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at("job_state.contoso[fabrikam]").resource.fields["/state"] = "Paused";
  std::string text = render_plan_text(plan_of(desired, observed));
  CHECK(text.find("tenantform will restore the objects above and change nothing else.") != std::string::npos);
  CHECK(text.find("will perform the following actions") == std::string::npos);
  CHECK(text.find("~ /state: \"Paused\" -> \"Active\"") != std::string::npos);
}

TEST_CASE("render: a sensitive value never appears in any rendering") {
  Plan plan = sensitive_plan();
  for (const std::string& out :
       {render_plan_text(plan), render_plan_json(plan), render_plan_markdown(plan)}) {
    CHECK(out.find("hunter2") == std::string::npos);
    CHECK(out.find("(sensitive)") != std::string::npos);
  }
}

TEST_CASE("render: the JSON document uses Terraform's action lists") {
  nlohmann::json doc = plan_to_json_document(mixed_plan());
  CHECK(doc["format_version"] == "1.0");
  std::set<nlohmann::json> seen;
  for (const nlohmann::json& change : doc["resource_changes"]) seen.insert(change["change"]["actions"]);
  nlohmann::json replaced = plan_to_json_document(replace_plan());
  for (const nlohmann::json& change : replaced["resource_changes"]) seen.insert(change["change"]["actions"]);
  CHECK(seen.count(nlohmann::json{"delete", "create"}) == 1);
  CHECK(seen.count(nlohmann::json{"update"}) == 1);
  CHECK(seen.size() == 4);
  CHECK(seen.count(nlohmann::json{"delete"}) == 1);
  CHECK(seen.count(nlohmann::json{"create"}) == 1);
  REQUIRE(doc["drift"].size() == 1);
  CHECK(doc["drift"][0]["address"] == "partner_configuration.fabrikam[contoso]");
  CHECK(doc["drift"][0]["drift"] == true);
}

TEST_CASE("render: the link of a partner configuration follows the flags it carries") {
  Change change;
  change.kind = K::PartnerConfiguration;
  change.tenant = "fabrikam";
  change.partner = "contoso";
  change.after = {{kInbound, true}};
  CHECK(link_label(change) == "contoso -> fabrikam");
  change.after = {{kOutbound, true}};
  CHECK(link_label(change) == "fabrikam -> contoso");
  change.after = {{kInbound, true}, {kOutbound, true}};
  CHECK(link_label(change) == "fabrikam <-> contoso");
  change.fields.push_back({kInbound, true, false, false});
  CHECK(link_label(change) == "contoso -> fabrikam");
}

namespace {

nlohmann::json graph_mapping(const std::string& target, const std::string& expression, const std::string& flow = "Always",
                             int priority = 0) {
  return {{"targetAttributeName", target},
          {"source", {{"expression", expression}, {"name", target}, {"parameters", nlohmann::json::array()}, {"type", "Attribute"}}},
          {"flowType", flow},
          {"flowBehavior", "FlowWhenChanged"},
          {"matchingPriority", priority},
          {"defaultValue", nullptr}};
}

nlohmann::json graph_filter(const std::vector<std::string>& countries) {
  nlohmann::json groups = nlohmann::json::array();
  for (const std::string& country : countries)
    groups.push_back({{"name", "g"},
                      {"clauses", {{{"operatorName", "IS TRUE"}, {"sourceOperandName", "accountEnabled"}, {"targetOperand", {{"values", nlohmann::json::array()}}}},
                                   {{"operatorName", "EQUALS"}, {"sourceOperandName", "country"}, {"targetOperand", {{"values", {country}}}}}}}});
  return {{"groups", groups}, {"categoryFilterGroups", nlohmann::json::array()}, {"inputFilterGroups", nlohmann::json::array()}};
}

Change schema_change(Action action, nlohmann::json before, nlohmann::json after, const std::string& path) {
  Change c;
  c.kind = K::SyncSchema;
  c.action = action;
  c.address = "sync_schema.contoso[fabrikam]";
  c.fields.push_back({path, std::move(before), std::move(after), false});
  return c;
}

}  // namespace

TEST_CASE("render: a created schema reads as one line per mapping and one per filter group") {
  nlohmann::json mappings = nlohmann::json::array({graph_mapping("alternativeSecurityIds", "AltSecidFromNetid([netId])", "Always", 1),
                                                   graph_mapping("showInAddressList", "\"True\"", "ObjectAddOnly")});
  std::vector<std::string> lines = field_lines(schema_change(Action::Create, nullptr, mappings, "/attributeMappings"));
  CHECK(lines == std::vector<std::string>{"+ /attributeMappings: [",
                                          "    alternativeSecurityIds = AltSecidFromNetid([netId])  (matching, priority 1)",
                                          "    showInAddressList = \"True\"  (on create only)", "  ]"});
  lines = field_lines(schema_change(Action::Create, nullptr, graph_filter({"US", "CA"}), "/scope"));
  CHECK(lines == std::vector<std::string>{"+ /scope: any of [", "    accountEnabled IS TRUE and country EQUALS \"US\"",
                                          "    accountEnabled IS TRUE and country EQUALS \"CA\"", "  ]"});
}

TEST_CASE("render: an updated schema shows only the mappings and filter groups that differ") {
  nlohmann::json before = nlohmann::json::array({graph_mapping("city", "[city]"), graph_mapping("displayName", "[displayName]")});
  nlohmann::json after = nlohmann::json::array({graph_mapping("city", "[city]"), graph_mapping("displayName", "Join(\" \", [displayName], \"(x)\")")});
  std::vector<std::string> lines = field_lines(schema_change(Action::Update, before, after, "/attributeMappings"));
  CHECK(lines == std::vector<std::string>{"~ /attributeMappings:", "    - displayName = [displayName]",
                                          "    + displayName = Join(\" \", [displayName], \"(x)\")"});
  lines = field_lines(schema_change(Action::Update, graph_filter({"US"}), nullptr, "/scope"));
  CHECK(lines == std::vector<std::string>{"~ /scope:", "    - accountEnabled IS TRUE and country EQUALS \"US\"",
                                          "    + every user (no scoping filter)"});
}

TEST_CASE("render: mappings not in Graph's shape keep their JSON") {
  nlohmann::json odd = nlohmann::json::array({{{"targetAttributeName", "city"}, {"source", "[city]"}}});
  std::vector<std::string> lines = field_lines(schema_change(Action::Create, nullptr, odd, "/attributeMappings"));
  CHECK(lines == std::vector<std::string>{"+ /attributeMappings: [", "    {\"source\":\"[city]\",\"targetAttributeName\":\"city\"}", "  ]"});
}
