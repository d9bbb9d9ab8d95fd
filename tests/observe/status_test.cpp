// status: the health a job's synchronizationStatus and its log entries add up to, and
// the text and JSON renderings (hand-built statuses in Graph's shapes, graph-api.md §4.4, §6).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "runtime/observe/status.h"

using namespace tf::observe;
using nlohmann::json;

namespace {

json execution(const std::string& state, const std::string& ended = "2026-11-22T10:00:00Z") {
  return {{"state", state}, {"timeEnded", ended}, {"countImported", 10}, {"countExported", 4}, {"countEscrowed", 1}};
}

json entry(const std::string& cycle, const std::string& status, const std::string& who) {
  json e = {{"cycleId", cycle},
            {"jobId", "job-1"},
            {"activityDateTime", "2026-11-22T10:00:00Z"},
            {"provisioningAction", "create"},
            {"provisioningStatusInfo", {{"status", status}, {"errorInformation", nullptr}}},
            {"sourceIdentity", {{"displayName", who}}},
            {"targetIdentity", {{"displayName", who + " (fabrikam.com)"}}}};
  if (status == "failure")
    e["provisioningStatusInfo"]["errorInformation"] = {{"errorCode", "AzureDirectoryB2BManagementPolicyCheckFailure"},
                                                       {"reason", "Policy permitting auto-redemption of invitations not configured."}};
  return e;
}

LinkStatus link_with(json job_status, std::vector<json> recent = {}) {
  LinkStatus link{"fabrikam", "contoso", "link 'merger'", "job-1", std::move(job_status), std::move(recent), LinkHealth::NotSetUp};
  link.health = health_of(link.job_status, link.recent);
  return link;
}

}  // namespace

TEST_CASE("status: each job state maps to the health an operator acts on") {
  CHECK(health_of(nullptr, {}) == LinkHealth::NotSetUp);
  CHECK(health_of({{"code", "NotConfigured"}}, {}) == LinkHealth::NotSetUp);
  CHECK(health_of({{"code", "Paused"}}, {}) == LinkHealth::Paused);
  CHECK(health_of({{"code", "Active"}, {"lastExecution", execution("Succeeded")}}, {}) == LinkHealth::Healthy);
  CHECK(health_of({{"code", "Active"}, {"lastExecution", execution("Failed")}}, {}) == LinkHealth::Failing);
  CHECK(health_of({{"code", "Quarantine"}, {"quarantine", {{"reason", "TooManyDeletes"}}}}, {}) == LinkHealth::Quarantined);
}

TEST_CASE("status: right after start the placeholder 'Failed' execution dated 0001-01-01 means starting, not failing") {
  json started = {{"code", "NotRun"}, {"lastExecution", execution("Failed", "0001-01-01T00:00:00Z")}};
  CHECK(health_of(started, {}) == LinkHealth::Starting);
  CHECK(health_of({{"code", "NotRun"}, {"lastExecution", nullptr}}, {}) == LinkHealth::Starting);
}

TEST_CASE("status: failed entries count only when they belong to the newest cycle") {
  json active = {{"code", "Active"}, {"lastExecution", execution("Succeeded")}};
  CHECK(health_of(active, {entry("c2", "failure", "Ayla Kol"), entry("c2", "success", "Tomas Navarro")}) == LinkHealth::Failing);
  CHECK(health_of(active, {entry("c2", "success", "Ayla Kol"), entry("c1", "failure", "Tomas Navarro")}) == LinkHealth::Healthy);
}

TEST_CASE("status: the text names the link, the last cycle, the entries and what to do about a quarantine") {
  json quarantined = {{"code", "Quarantine"},
                      {"lastExecution", execution("Failed")},
                      {"quarantine", {{"currentBegan", "2026-11-22T09:00:00Z"}, {"nextAttempt", "2026-11-22T10:00:00Z"}, {"reason", "TooManyDeletes"}}}};
  std::vector<LinkStatus> links = {link_with(quarantined, {entry("c1", "failure", "Ayla Kol")}),
                                   link_with({{"code", "Active"}, {"lastExecution", execution("Succeeded")}})};
  links[1].target = "northwind";
  std::string text = render_status_text(links);
  CHECK(text.find("fabrikam -> contoso (link 'merger'): quarantined\n") != std::string::npos);
  CHECK(text.find("last cycle 2026-11-22T10:00:00Z: Failed, 10 imported, 4 exported, 1 escrowed") != std::string::npos);
  CHECK(text.find("quarantined since 2026-11-22T09:00:00Z (TooManyDeletes); next attempt 2026-11-22T10:00:00Z") != std::string::npos);
  CHECK(text.find("ForceDeletes") != std::string::npos);
  CHECK(text.find("create  failure  'Ayla Kol' -> 'Ayla Kol (fabrikam.com)'  AzureDirectoryB2BManagementPolicyCheckFailure") !=
        std::string::npos);
  CHECK(text.find("fabrikam -> northwind (link 'merger'): healthy\n") != std::string::npos);
  CHECK(text.find("2 links: 1 healthy, 0 starting, 0 failing, 1 quarantined, 0 paused, 0 not set up.") != std::string::npos);
}

TEST_CASE("status: the JSON document is versioned and counts every health") {
  json doc = json::parse(render_status_json({link_with(nullptr), link_with({{"code", "Paused"}})}));
  CHECK(doc["format_version"] == "1");
  REQUIRE(doc["links"].size() == 2);
  CHECK(doc["links"][0]["health"] == "not set up");
  CHECK(doc["links"][1]["health"] == "paused");
  CHECK(doc["summary"]["not set up"] == 1);
  CHECK(doc["summary"]["paused"] == 1);
  CHECK(doc["summary"]["healthy"] == 0);
}
