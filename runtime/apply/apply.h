// The executor: turns a Plan's changes into Graph writes (graph-api.md §1, §3, §4).
//
// apply() refuses a plan with deletions or replacements that was not made with
// allow_destroy (diff refuses to make one; this guards hand-edited files). It then
// re-reads every object the plan recorded a version for and that a
// change will touch, and refuses a stale plan (naming each changed object) before
// writing anything. It then runs the changes' dependency DAG: a change starts when
// every change it depends on has succeeded, at most `per_tenant_parallelism`
// changes run at once in one tenant, and the Graph calls of all running changes are
// in flight together (GraphClient::submit/poll: the client is single-threaded, the
// concurrency is curl's); each change goes on as soon as its own answer arrives.
// When a change fails, every change that depends on it (directly or not) is
// skipped and reported as such; independent changes go on.
// Creates never run twice: a sync app or job is looked up first (by ownership tag,
// then by display name) and the non-idempotent POSTs carry look-first hooks.
//
// Ids flow between changes: a change's outputs (e.g. the sync app's
// "servicePrincipalId", "applicationId", "appRoleId"; the job's "jobId") are
// visible to the changes of the same link, and override the ids observed at plan
// time (Change::ids).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/plan.h"
#include "runtime/graph/graph_client.h"

namespace tf::apply {

struct ApplyOptions {
  int per_tenant_parallelism = 4;  // changes running at once in one tenant (>= 1)
  bool check_stale = true;         // re-read the touched objects and refuse a stale plan
};

enum class ChangeStatus { Pending, Running, Succeeded, Failed, Skipped };
const char* change_status_name(ChangeStatus status);  // "pending", ..., "skipped"

struct ProgressEvent {
  enum class Kind { Started, Succeeded, Failed, Skipped };
  Kind kind = Kind::Started;
  std::string address;
  plan::Action action = plan::Action::Create;
  std::chrono::milliseconds elapsed{0};  // since the change started (0 for Started/Skipped)
  std::string message;                   // Failed: the error; Skipped: why
};

// "sync_app.contoso[fabrikam]: creating..." / "...: creation complete (1.2s)" /
// "...: create failed: <why>" / "...: skipped (<why>)".
std::string progress_line(const ProgressEvent& event);

struct ChangeOutcome {
  std::string address;
  ChangeStatus status = ChangeStatus::Pending;
  std::string message;  // why it failed or was skipped
  std::map<std::string, std::string> outputs;  // ids it produced or found
  std::chrono::milliseconds elapsed{0};
};

struct ApplyResult {
  bool stale = false;  // refused before any write: the tenants changed since the plan
  std::vector<ChangeOutcome> changes;  // in plan order
  int succeeded = 0, failed = 0, skipped = 0;
  bool ok() const { return !stale && failed == 0 && skipped == 0; }
};

ApplyResult apply(graph::GraphClient& client, const plan::Plan& plan, const ApplyOptions& options,
                  Diagnostics& diagnostics, std::function<void(const ProgressEvent&)> progress = {});

}  // namespace tf::apply
