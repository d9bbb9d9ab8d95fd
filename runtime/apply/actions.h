// The Graph calls of one plan change, per resource kind (graph-api.md §1, §3, §4),
// as a GraphTask (graph_task.h). `ids` holds the Graph ids the change may need
// ("servicePrincipalId", "applicationId", "appRoleId", "jobId"): the ids observed at
// plan time, overlaid with the outputs of changes of the same link that ran before.
//
// Choices (graph-api.md is silent or UNCONFIRMED on some; easy to change here):
// - partner configuration: create = POST {tenantId} (409: exists) then PATCH the
//   managed fields; update = PATCH the changed fields (null for a removed field);
//   delete = PATCH the managed fields to null (the entry itself, with its unmanaged
//   settings, is left alone).
// - identity sync policy: create = PUT (409: PATCH); update = PATCH; delete = DELETE.
// - sync app: look first by ownership tag, then by display name (a cross-tenant sync
//   instance without another link's tag), else instantiate with a look-first hook on
//   the display name; then add the ownership tag to the template's own tags. Delete =
//   the reverse of creation in one change: pause its job(s), DELETE each app-role
//   assignment, then DELETE /applications/{applicationId} (or the service principal
//   when no app id).
// - secrets: PUT the whole set, then validateCredentials with the same set; delete is
//   a no-op (they go with the app). Non-string values are sent as their JSON text.
// - job: reuse an Azure2Azure job, else POST jobs (look-first hook on GET jobs).
// - schema: GET, replace the user mapping's attributeMappings and scope, PUT; a
//   matching mapping (matchingPriority > 0) the desired set lacks is kept, since
//   the service refuses to change the matching attribute.
// - assignments: the desired principals are after["/principals"] (ids, or objects
//   {"id", "type"}), else after["/groups"] entries with an "id"; missing ones are
//   POSTed, extra ones DELETEd by assignment id.
// - job state: start only when the schedule is not Active; delete = pause.
// - Replace: a sync app or job is deleted and created afresh (diff re-creates its
//   dependents); other kinds run as Update. A DELETE answered 404 counts as done.
#pragma once

#include <map>
#include <string>

#include "compiler/plan/plan.h"
#include "runtime/apply/graph_task.h"
#include "runtime/graph/graph_client.h"

namespace tf::apply {

// The coroutine keeps references to `client` and `change`: both must outlive it.
GraphTask perform_change(graph::GraphClient& client, const plan::Change& change,
                         std::map<std::string, std::string> ids);

// Helpers shared with the stale check and tests.
nlohmann::json nest_fields(const nlohmann::json& flat);  // {"/a/b": 1} -> {"a": {"b": 1}}
std::string odata_quote(const std::string& text);        // 'it''s'
std::string query_encode(const std::string& text);       // percent-encodes a query value

}  // namespace tf::apply
