// Status: how each link's synchronization is doing, for `tenantform status`. Given what
// observe found (the tagged sync app and job of every link), it reads each job in full
// (its synchronizationStatus: state, last execution and its counts, quarantine) and the
// latest provisioning log entries of each source tenant, and says per link whether it
// is healthy. Reads only; one GET per job and one provisioning-log query per source
// tenant (those logs are throttled to a few requests per ten seconds, graph-api.md §6).
//
// Promises: a link without a sync app or job is reported as not set up, never an
// error; Graph errors become diagnostics and the other links are still reported; the
// order follows the manifest's links (sorted by source, target).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/state.h"
#include "runtime/graph/graph_client.h"

namespace tf::observe {

enum class LinkHealth {
  Healthy,      // the job is active and its last execution did not fail
  NotSetUp,     // no tenantform sync app or job for the link (or code NotConfigured)
  Starting,     // started, its first cycle not finished yet (code NotRun)
  Paused,       // the job exists but is not running (code Paused)
  Failing,      // the last execution failed, or entries of the last cycle failed
  Quarantined,  // the provisioning service stopped the job (e.g. TooManyDeletes)
};
const char* link_health_name(LinkHealth health);

struct LinkStatus {
  std::string source, target;  // tenant names
  std::string origin;          // "hub 'corp'", "link 'x'"
  std::string job_id;          // empty when not set up
  nlohmann::json job_status;   // Graph's synchronizationStatus as read; null when not set up
  std::vector<nlohmann::json> recent;  // provisioningObjectSummary entries of the job, newest first
  LinkHealth health = LinkHealth::NotSetUp;
};

struct StatusOptions {
  int log_entries = 5;  // per link
};

std::vector<LinkStatus> read_status(graph::GraphClient& client, const manifest::CompiledManifest& compiled,
                                    const plan::ObservedState& observed, const StatusOptions& options,
                                    Diagnostics& diagnostics);

// The health a job's status and its recent log entries add up to.
LinkHealth health_of(const nlohmann::json& job_status, const std::vector<nlohmann::json>& recent);

// Text for people (one block per link and a summary line) and a versioned JSON
// document ({"format_version": "1", "links": [...], "summary": {...}}).
std::string render_status_text(const std::vector<LinkStatus>& links);
std::string render_status_json(const std::vector<LinkStatus>& links);

}  // namespace tf::observe
