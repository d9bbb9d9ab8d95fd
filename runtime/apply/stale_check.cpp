// Re-reading the touched objects and comparing their versions with the plan's.
#include "runtime/apply/stale_check.h"

#include <cstdio>

#include "runtime/observe/normalise.h"
#include "runtime/observe/version.h"

namespace tf::apply {

using nlohmann::json;
using plan::ResourceKind;

namespace {

const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";


std::string id_of(const std::map<std::string, std::string>& ids, const std::string& key) {
  auto it = ids.find(key);
  return it == ids.end() ? std::string() : it->second;
}

}  // namespace

std::string object_version(const json& body) { return observe::version_of(body); }

std::optional<graph::GraphRequest> version_read(ResourceKind kind, const std::string& tenant, const std::string& partner_id,
                                                const std::map<std::string, std::string>& ids) {
  graph::GraphRequest r;
  r.tenant = tenant;
  const std::string sp = id_of(ids, "servicePrincipalId"), job = id_of(ids, "jobId");
  const std::string jobs = "/servicePrincipals/" + sp + "/synchronization/jobs/";
  switch (kind) {
    case ResourceKind::PartnerConfiguration: r.path = kPartners + "/" + partner_id; break;
    case ResourceKind::IdentitySyncPolicy: r.path = kPartners + "/" + partner_id + "/identitySynchronization"; break;
    case ResourceKind::SyncApp:  // the fields observe selects
      r.path = graph::with_select("/servicePrincipals/" + sp, observe::sync_app_select());
      break;
    case ResourceKind::SyncSecrets: r.path = "/servicePrincipals/" + sp + "/synchronization/secrets"; break;
    case ResourceKind::SyncJob:
    case ResourceKind::JobState: r.path = jobs + job; break;
    case ResourceKind::SyncSchema: r.path = jobs + job + "/schema"; break;
    case ResourceKind::AppRoleAssignments: r.path = "/servicePrincipals/" + sp + "/appRoleAssignedTo"; break;
  }
  bool needs_sp = kind != ResourceKind::PartnerConfiguration && kind != ResourceKind::IdentitySyncPolicy;
  bool needs_job = kind == ResourceKind::SyncJob || kind == ResourceKind::JobState || kind == ResourceKind::SyncSchema;
  if ((needs_sp && sp.empty()) || (needs_job && job.empty()) || (!needs_sp && partner_id.empty())) return std::nullopt;
  return r;
}

std::vector<StaleObject> find_stale(graph::GraphClient& client, const plan::Plan& plan, Diagnostics& diagnostics) {
  std::vector<const plan::Change*> checked;
  std::vector<graph::GraphRequest> reads;
  for (const plan::Change& change : plan.changes) {
    auto recorded = plan.versions.find(change.address);
    if (recorded == plan.versions.end() || recorded->second.empty()) continue;  // absent at plan time
    auto read = version_read(change.kind, change.tenant, change.partner_id, change.ids);
    if (!read) continue;
    read->object = change.address;
    read->action = "re-read";
    checked.push_back(&change);
    reads.push_back(std::move(*read));
  }
  std::vector<StaleObject> stale;
  std::vector<graph::GraphResponse> answers = client.send_all(reads);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const plan::Change& change = *checked[i];
    const graph::GraphResponse& answer = answers[i];
    if (answer.status == 404) {
      stale.push_back({change.address, "was deleted since the plan was made"});
    } else if (!answer.ok()) {
      diagnostics.add(*answer.error);
      stale.push_back({change.address, "could not be re-read to check it is unchanged"});
    } else if (observe::read_version(change.kind, answer.body) != plan.versions.at(change.address)) {
      stale.push_back({change.address, "changed since the plan was made"});
    }
  }
  return stale;
}

}  // namespace tf::apply
