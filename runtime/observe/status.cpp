// Status per link (status.h): the jobs observe found, read in full, and the latest
// provisioning log entries of each source tenant, summed up into a health.
#include "runtime/observe/status.h"

#include <algorithm>
#include <map>
#include <set>

namespace tf::observe {

namespace {

using nlohmann::json;

constexpr LinkHealth kAllHealths[] = {LinkHealth::Healthy,     LinkHealth::Starting, LinkHealth::Failing,
                                      LinkHealth::Quarantined, LinkHealth::Paused,   LinkHealth::NotSetUp};

std::string text_at(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& object_at(const json& object, const char* key) {
  static const json none;
  if (!object.is_object()) return none;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : none;
}

long long count_at(const json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

// The entries of the newest cycle that failed.
std::vector<const json*> failures_of_last_cycle(const std::vector<json>& recent) {
  std::vector<const json*> out;
  if (recent.empty()) return out;
  std::string cycle = text_at(recent.front(), "cycleId");
  for (const json& entry : recent)
    if (text_at(entry, "cycleId") == cycle && text_at(object_at(entry, "provisioningStatusInfo"), "status") == "failure")
      out.push_back(&entry);
  return out;
}

std::string identity(const json& entry, const char* key) {
  std::string name = text_at(object_at(entry, key), "displayName");
  return name.empty() ? text_at(object_at(entry, key), "id") : name;
}

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

// What to do about a link that is not healthy.
std::string advice(const LinkStatus& link) {
  const json& quarantine = object_at(link.job_status, "quarantine");
  switch (link.health) {
    case LinkHealth::NotSetUp:
      return "no tenantform sync job for this link yet: run 'tenantform plan' and 'tenantform apply'";
    case LinkHealth::Starting:
      return "the job was started and its first provisioning cycle has not finished yet (a cycle runs about every 40 minutes)";
    case LinkHealth::Paused:
      return "the job is not running: 'tenantform apply' starts it again";
    case LinkHealth::Quarantined:
      if (text_at(quarantine, "reason") == "TooManyDeletes")
        return "the deletions went over the link's threshold: check them in the provisioning logs; if they are "
               "intended, restart the job with resetScope ForceDeletes";
      return "check the provisioning logs for the error, fix it, then restart the job";
    case LinkHealth::Failing:
      return "check the failed entries below (and the permissions and partner settings of both tenants)";
    case LinkHealth::Healthy:
      break;
  }
  return "";
}

void execution_line(const json& execution, std::string& out) {
  if (!execution.is_object()) return;
  out += "; last cycle " + text_at(execution, "timeEnded") + ": " + text_at(execution, "state") + ", " +
         std::to_string(count_at(execution, "countImported")) + " imported, " +
         std::to_string(count_at(execution, "countExported")) + " exported, " +
         std::to_string(count_at(execution, "countEscrowed")) + " escrowed";
}

void link_block(const LinkStatus& link, std::string& out) {
  out += link.source + " -> " + link.target + " (" + link.origin + "): " + link_health_name(link.health) + "\n";
  if (!link.job_id.empty()) {
    out += "  job " + link.job_id + ": " + text_at(link.job_status, "code");
    execution_line(object_at(link.job_status, "lastExecution"), out);
    out += "\n";
  }
  const json& quarantine = object_at(link.job_status, "quarantine");
  if (!quarantine.is_null())
    out += "  quarantined since " + text_at(quarantine, "currentBegan") + " (" + text_at(quarantine, "reason") +
           "); next attempt " + text_at(quarantine, "nextAttempt") + "\n";
  if (std::string what = advice(link); !what.empty()) out += "  " + what + "\n";
  if (link.recent.empty()) return;
  out += "  recent provisioning (newest first):\n";
  for (const json& entry : link.recent) {
    const json& info = object_at(entry, "provisioningStatusInfo");
    out += "    " + text_at(entry, "activityDateTime") + "  " + text_at(entry, "provisioningAction") + "  " +
           text_at(info, "status") + "  " + quoted(identity(entry, "sourceIdentity")) + " -> " +
           quoted(identity(entry, "targetIdentity"));
    const json& error = object_at(info, "errorInformation");
    if (!error.is_null()) out += "  " + text_at(error, "errorCode") + ": " + text_at(error, "reason");
    out += "\n";
  }
}

}  // namespace

const char* link_health_name(LinkHealth health) {
  switch (health) {
    case LinkHealth::Healthy: return "healthy";
    case LinkHealth::Starting: return "starting";
    case LinkHealth::NotSetUp: return "not set up";
    case LinkHealth::Paused: return "paused";
    case LinkHealth::Failing: return "failing";
    case LinkHealth::Quarantined: return "quarantined";
  }
  return "?";
}

LinkHealth health_of(const json& job_status, const std::vector<json>& recent) {
  if (!job_status.is_object()) return LinkHealth::NotSetUp;
  std::string code = text_at(job_status, "code");
  if (code == "Quarantine" || !object_at(job_status, "quarantine").is_null()) return LinkHealth::Quarantined;
  if (code == "NotConfigured") return LinkHealth::NotSetUp;
  if (code == "Paused") return LinkHealth::Paused;
  // Right after start Graph reports a "Failed" execution dated 0001-01-01 (graph-api.md §4.4).
  const json& last = object_at(job_status, "lastExecution");
  bool ran = !last.is_null() && text_at(last, "timeEnded").rfind("0001-", 0) != 0;
  if (code == "NotRun" && !ran) return LinkHealth::Starting;
  if (ran && text_at(last, "state") == "Failed") return LinkHealth::Failing;
  if (!failures_of_last_cycle(recent).empty()) return LinkHealth::Failing;
  return LinkHealth::Healthy;
}

std::vector<LinkStatus> read_status(graph::GraphClient& client, const manifest::CompiledManifest& compiled,
                                    const plan::ObservedState& observed, const StatusOptions& options,
                                    Diagnostics& diagnostics) {
  std::vector<LinkStatus> links;
  std::vector<graph::GraphRequest> jobs;
  std::vector<std::size_t> job_of;  // index into links per request
  for (const manifest::DirectedLink& link : compiled.topology.links) {
    LinkStatus status{link.source, link.target, manifest::describe(link.origin), "", nullptr, {}, LinkHealth::NotSetUp};
    auto found = observed.resources.find(plan::resource_address(plan::ResourceKind::SyncJob, link.source, link.target));
    if (found != observed.resources.end() && found->second.ids.count("jobId") && found->second.ids.count("servicePrincipalId")) {
      status.job_id = found->second.ids.at("jobId");
      graph::GraphRequest request;
      request.tenant = link.source;
      request.path = "/servicePrincipals/" + found->second.ids.at("servicePrincipalId") + "/synchronization/jobs/" + status.job_id;
      request.object = "the sync job of link '" + link.source + "' -> '" + link.target + "'";
      jobs.push_back(std::move(request));
      job_of.push_back(links.size());
    }
    links.push_back(std::move(status));
  }
  std::vector<graph::GraphResponse> answers = client.send_all(std::move(jobs));
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].ok()) links[job_of[i]].job_status = answers[i].body.is_object() ? answers[i].body.value("status", json::object()) : json::object();
    else diagnostics.add(*answers[i].error);
  }

  // One provisioning-log query per source tenant; entries matched to links by job id.
  std::map<std::string, int> jobs_per_tenant;
  for (const LinkStatus& link : links)
    if (!link.job_id.empty()) ++jobs_per_tenant[link.source];
  std::vector<graph::GraphRequest> queries;
  std::vector<std::string> query_tenant;
  for (const auto& [tenant, count] : jobs_per_tenant) {
    int top = std::clamp(count * std::max(options.log_entries, 1) * 4, 50, 500);
    graph::GraphRequest request;
    request.tenant = tenant;
    request.path = graph::with_query(graph::with_query("/auditLogs/provisioning", "$top", std::to_string(top)),
                                     "$orderby", "activityDateTime%20desc");
    request.object = "the provisioning logs of tenant '" + tenant + "'";
    queries.push_back(std::move(request));
    query_tenant.push_back(tenant);
  }
  if (options.log_entries <= 0) queries.clear();
  std::vector<graph::GraphResponse> logs = client.send_all(std::move(queries));
  for (std::size_t i = 0; i < logs.size(); ++i) {
    if (!logs[i].ok()) {
      diagnostics.add(*logs[i].error);
      continue;
    }
    const json& entries = logs[i].body.is_object() ? logs[i].body.value("value", json::array()) : json::array();
    for (LinkStatus& link : links) {
      if (link.source != query_tenant[i] || link.job_id.empty()) continue;
      for (const json& entry : entries)
        if (text_at(entry, "jobId") == link.job_id && static_cast<int>(link.recent.size()) < options.log_entries)
          link.recent.push_back(entry);
    }
  }
  for (LinkStatus& link : links) link.health = health_of(link.job_status, link.recent);
  return links;
}

std::string render_status_text(const std::vector<LinkStatus>& links) {
  std::string out;
  std::map<LinkHealth, int> counts;
  for (const LinkStatus& link : links) {
    link_block(link, out);
    out += "\n";
    ++counts[link.health];
  }
  out += std::to_string(links.size()) + (links.size() == 1 ? " link: " : " links: ");
  bool first = true;
  for (LinkHealth health : kAllHealths) {
    out += (first ? "" : ", ") + std::to_string(counts[health]) + " " + link_health_name(health);
    first = false;
  }
  return out + ".\n";
}

std::string render_status_json(const std::vector<LinkStatus>& links) {
  json document = {{"format_version", "1"}, {"links", json::array()}};
  json summary = json::object();
  for (LinkHealth health : kAllHealths)
    summary[link_health_name(health)] = 0;
  for (const LinkStatus& link : links) {
    document["links"].push_back({{"source", link.source},
                                 {"target", link.target},
                                 {"origin", link.origin},
                                 {"health", link_health_name(link.health)},
                                 {"job_id", link.job_id.empty() ? json(nullptr) : json(link.job_id)},
                                 {"job_status", link.job_status},
                                 {"recent", link.recent}});
    summary[link_health_name(link.health)] = summary[link_health_name(link.health)].get<int>() + 1;
  }
  document["summary"] = summary;
  return document.dump(2) + "\n";
}

}  // namespace tf::observe
