// The Graph calls of each resource kind (see actions.h for the choices made).
#include "runtime/apply/actions.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "runtime/observe/normalise.h"

namespace tf::apply {

using graph::GraphRequest;
using graph::GraphResponse;
using nlohmann::json;
using plan::Action;
using plan::Change;
using plan::ResourceKind;

namespace {

const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";
const std::string kCtsTemplate = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const std::string kTagPrefix = "tenantform:link:";

GraphRequest make_request(const Change& change, std::string method, std::string path,
                          std::optional<json> body = std::nullopt, std::string object = {}) {
  GraphRequest r;
  r.tenant = change.tenant;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  r.object = object.empty() ? change.address : std::move(object);
  return r;
}

GraphRequest idempotent(GraphRequest r) {
  r.idempotency = graph::Idempotency::Idempotent;
  return r;
}

ActionOutcome failure(const GraphResponse& response) {
  ActionOutcome out;
  out.error = response.error ? *response.error : Diagnostic{};
  if (!response.error) out.error->message = "unexpected answer from Graph (status " + std::to_string(response.status) + ")";
  return out;
}

ActionOutcome failure(std::string message, std::string code = "apply-missing-id") {
  ActionOutcome out;
  out.error = Diagnostic{};
  out.error->message = std::move(message);
  out.error->code = std::move(code);
  return out;
}

ActionOutcome done(std::string note = {}) {
  ActionOutcome out;
  out.note = std::move(note);
  return out;
}

// The body of a PATCH for an update: the changed fields (null when removed), or
// every desired field when the change lists none.
json update_body(const Change& change) {
  json flat = json::object();
  for (const plan::FieldChange& f : change.fields) flat[f.path] = f.after;
  if (flat.empty()) flat = change.after;
  return nest_fields(flat);
}

// The managed fields set to null (deleting a field-owned object).
json null_body(const Change& change) {
  json flat = json::object();
  for (const plan::FieldChange& f : change.fields) flat[f.path] = nullptr;
  for (const auto& [path, value] : change.after.items()) flat[path] = nullptr;
  return nest_fields(flat);
}

std::string id_of(const std::map<std::string, std::string>& ids, const std::string& key) {
  auto it = ids.find(key);
  return it == ids.end() ? std::string() : it->second;
}

std::string missing_id(const Change& change, const std::string& what) {
  return "cannot apply '" + change.address + "': no " + what +
         " is known (the sync app was neither observed nor created); plan again";
}

std::string secret_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

bool has_foreign_link_tag(const json& sp, const std::string& own_tag) {
  for (const json& t : sp.value("tags", json::array()))
    if (t.is_string() && t.get<std::string>().rfind(kTagPrefix, 0) == 0 && t.get<std::string>() != own_tag) return true;
  return false;
}

std::optional<json> first_unowned_cts(const std::vector<json>& items, const std::string& tag) {
  for (const json& sp : items)
    if (sp.value("applicationTemplateId", "") == kCtsTemplate && !has_foreign_link_tag(sp, tag)) return sp;
  return std::nullopt;
}

std::vector<json> values_of(const GraphResponse& r) {
  std::vector<json> items;
  if (r.body.is_object() && r.body.contains("value") && r.body["value"].is_array())
    for (const json& v : r.body["value"]) items.push_back(v);
  return items;
}

std::string role_id_of(const json& sp) {
  for (const json& role : sp.value("appRoles", json::array()))
    if (role.value("displayName", "") == "msiam_access" || role.value("description", "") == "msiam_access")
      return role.value("id", "");
  return "";
}

std::string ownership_tag_of(const Change& change) {
  auto tags = change.after.find("/tags");
  if (tags != change.after.end()) {
    if (tags->is_string()) return tags->get<std::string>();
    if (tags->is_array())
      for (const json& t : *tags)
        if (t.is_string() && t.get<std::string>().rfind(kTagPrefix, 0) == 0) return t.get<std::string>();
  }
  return change.link ? plan::ownership_tag(*change.link) : std::string();
}

std::string sp_path(const std::string& sp) { return "/servicePrincipals/" + sp; }
std::string sync_path(const std::string& sp) { return sp_path(sp) + "/synchronization"; }

// ---- partner configuration and identity sync policy (graph-api.md §3.4, §3.6)

GraphTask partner_configuration(graph::GraphClient&, const Change& c, std::map<std::string, std::string>) {
  const std::string path = kPartners + "/" + c.partner_id;
  if (c.action == Action::Delete) {
    GraphRequest r_request = make_request(c, "PATCH", path, null_body(c));
    GraphResponse r = co_await std::move(r_request);
    if (!r.ok() && r.status != 404) co_return failure(r);
    co_return done();
  }
  std::string note;
  json body = update_body(c);
  if (c.action == Action::Create) {
    // Idempotent in effect: a repeated POST answers 409, which means "exists".
    GraphRequest created_request = idempotent(make_request(c, "POST", kPartners, json{{"tenantId", c.partner_id}}));
    GraphResponse created = co_await std::move(created_request);
    if (!created.ok() && created.status != 409) co_return failure(created);
    if (created.status == 409) note = "the partner entry existed";
    body = nest_fields(c.after);
  }
  if (!body.empty()) {
    GraphRequest patched_request = make_request(c, "PATCH", path, body);
    GraphResponse patched = co_await std::move(patched_request);
    if (!patched.ok()) co_return failure(patched);
  }
  co_return done(note);
}

GraphTask identity_sync_policy(graph::GraphClient&, const Change& c, std::map<std::string, std::string>) {
  const std::string path = kPartners + "/" + c.partner_id + "/identitySynchronization";
  if (c.action == Action::Delete) {
    GraphRequest r_request = make_request(c, "DELETE", path);
    GraphResponse r = co_await std::move(r_request);
    if (!r.ok() && r.status != 404) co_return failure(r);
    co_return done();
  }
  if (c.action == Action::Create) {
    GraphRequest put_request = make_request(c, "PUT", path, nest_fields(c.after));
    GraphResponse put = co_await std::move(put_request);
    if (put.ok()) co_return done();
    if (put.status != 409) co_return failure(put);
    GraphRequest patched_request = make_request(c, "PATCH", path, nest_fields(c.after));
    GraphResponse patched = co_await std::move(patched_request);
    if (!patched.ok()) co_return failure(patched);
    co_return done("the policy existed");
  }
  GraphRequest patched_request = make_request(c, "PATCH", path, update_body(c));
  GraphResponse patched = co_await std::move(patched_request);
  if (!patched.ok()) co_return failure(patched);
  co_return done();
}

// ---- sync app (graph-api.md §4.1, §4.9)

GraphTask sync_app(graph::GraphClient& client, const Change& c, std::map<std::string, std::string> ids) {
  if (c.action == Action::Delete) {
    std::string app = id_of(ids, "applicationId"), sp = id_of(ids, "servicePrincipalId");
    if (app.empty() && sp.empty()) co_return failure(missing_id(c, "application or service principal id"));
    // The reverse of creation (DESIGN.md): stop the job, unassign, then delete the app.
    if (!sp.empty()) {
      std::vector<std::string> jobs;
      if (!id_of(ids, "jobId").empty()) {
        jobs.push_back(id_of(ids, "jobId"));
      } else {
        GraphRequest listed_request = make_request(c, "GET", sync_path(sp) + "/jobs");
        GraphResponse listed = co_await std::move(listed_request);
        if (!listed.ok() && listed.status != 404) co_return failure(listed);
        for (const json& job : values_of(listed)) jobs.push_back(job.value("id", ""));
      }
      for (const std::string& job : jobs) {
        if (job.empty()) continue;
        GraphRequest paused_request =
            idempotent(make_request(c, "POST", sync_path(sp) + "/jobs/" + job + "/pause", std::nullopt, "job of '" + c.address + "'"));
        GraphResponse paused = co_await std::move(paused_request);
        if (!paused.ok() && paused.status != 404) co_return failure(paused);
      }
      GraphRequest assigned_request = make_request(c, "GET", sp_path(sp) + "/appRoleAssignedTo");
      GraphResponse assigned = co_await std::move(assigned_request);
      if (!assigned.ok() && assigned.status != 404) co_return failure(assigned);
      for (const json& a : values_of(assigned)) {
        if (a.value("id", "").empty()) continue;
        GraphRequest removed_request = make_request(c, "DELETE", sp_path(sp) + "/appRoleAssignedTo/" + a.value("id", ""),
                                                    std::nullopt, "assignment of '" + a.value("principalId", "") + "' to '" + c.address + "'");
        GraphResponse removed = co_await std::move(removed_request);
        if (!removed.ok() && removed.status != 404) co_return failure(removed);
      }
    }
    GraphRequest r_request = make_request(c, "DELETE", app.empty() ? sp_path(sp) : "/applications/" + app);
    GraphResponse r = co_await std::move(r_request);
    if (!r.ok() && r.status != 404) co_return failure(r);
    co_return done();
  }
  if (c.action == Action::Replace) {  // an immutable field differs: a new instance replaces the old
    std::string old_app = id_of(ids, "applicationId"), old_sp = id_of(ids, "servicePrincipalId");
    if (!old_app.empty() || !old_sp.empty()) {
      GraphRequest removed_request = make_request(c, "DELETE", old_app.empty() ? sp_path(old_sp) : "/applications/" + old_app);
      GraphResponse removed = co_await std::move(removed_request);
      if (!removed.ok() && removed.status != 404) co_return failure(removed);
    }
    ids.erase("applicationId");
    ids.erase("servicePrincipalId");
  }
  const std::string tag = ownership_tag_of(c);
  const std::string name = c.after.value("/displayName", "");
  std::optional<json> sp;
  std::string application_id = id_of(ids, "applicationId"), note;
  if (!id_of(ids, "servicePrincipalId").empty()) {
    GraphRequest got_request = make_request(c, "GET", sp_path(id_of(ids, "servicePrincipalId")));
    GraphResponse got = co_await std::move(got_request);
    if (got.ok()) sp = got.body;
    else if (got.status != 404) co_return failure(got);
  }
  if (!sp && !tag.empty()) {
    GraphRequest by_tag_request = make_request(
        c, "GET", "/servicePrincipals?$filter=" + query_encode("tags/any(t:t eq " + odata_quote(tag) + ")"));
    GraphResponse by_tag = co_await std::move(by_tag_request);
    if (!by_tag.ok()) co_return failure(by_tag);
    std::vector<json> found = values_of(by_tag);
    if (!found.empty()) {
      sp = found.front();
      note = "found by its ownership tag";
    }
  }
  std::string by_name_path = "/servicePrincipals?$filter=" + query_encode("displayName eq " + odata_quote(name));
  if (!sp && !name.empty()) {
    GraphRequest by_name_request = make_request(c, "GET", by_name_path);
    GraphResponse by_name = co_await std::move(by_name_request);
    if (!by_name.ok()) co_return failure(by_name);
    sp = first_unowned_cts(values_of(by_name), tag);
    if (sp) note = "adopted the untagged instance with the same name";
  }
  if (!sp) {
    if (name.empty()) co_return failure("cannot create '" + c.address + "': the plan has no '/displayName' for it", "apply-bad-plan");
    GraphRequest create = make_request(c, "POST", "/applicationTemplates/" + kCtsTemplate + "/instantiate", json{{"displayName", name}});
    GraphRequest query = make_request(c, "GET", by_name_path);
    create.look_first = graph::look_first_by_query(client, query, [tag](const std::vector<json>& items) {
      return first_unowned_cts(items, tag);
    });
    GraphResponse made = co_await std::move(create);
    if (!made.ok()) co_return failure(made);
    if (made.body.contains("servicePrincipal")) {
      sp = made.body["servicePrincipal"];
      if (made.body.contains("application")) application_id = made.body["application"].value("id", "");
    } else {
      sp = made.body;  // found by the look-first hook after an ambiguous failure
    }
  }
  const std::string sp_id = sp->value("id", "");
  if (application_id.empty()) {
    GraphRequest apps_request = make_request(
        c, "GET", "/applications?$filter=" + query_encode("appId eq " + odata_quote(sp->value("appId", ""))));
    GraphResponse apps = co_await std::move(apps_request);
    if (!apps.ok()) co_return failure(apps);
    std::vector<json> found = values_of(apps);
    if (!found.empty()) application_id = found.front().value("id", "");
  }
  json tags = sp->value("tags", json::array());
  if (!tag.empty() && std::find(tags.begin(), tags.end(), json(tag)) == tags.end()) {
    tags.push_back(tag);
    GraphRequest patched_request = make_request(c, "PATCH", sp_path(sp_id), json{{"tags", tags}});
    GraphResponse patched = co_await std::move(patched_request);
    if (!patched.ok()) co_return failure(patched);
  }
  if (c.action != Action::Create && !name.empty() && sp->value("displayName", "") != name) {
    GraphRequest renamed_request = make_request(c, "PATCH", sp_path(sp_id), json{{"displayName", name}});
    GraphResponse renamed = co_await std::move(renamed_request);
    if (!renamed.ok()) co_return failure(renamed);
  }
  ActionOutcome out = done(note);
  out.outputs["servicePrincipalId"] = sp_id;
  out.outputs["appId"] = sp->value("appId", "");
  if (!application_id.empty()) out.outputs["applicationId"] = application_id;
  std::string role = role_id_of(*sp);
  if (!role.empty()) out.outputs["appRoleId"] = role;
  co_return out;
}

// ---- secrets and credential validation (graph-api.md §4.2, §4.3)

GraphTask sync_secrets(graph::GraphClient&, const Change& c, std::map<std::string, std::string> ids) {
  if (c.action == Action::Delete) co_return done("removed with the sync app");
  const std::string sp = id_of(ids, "servicePrincipalId");
  if (sp.empty()) co_return failure(missing_id(c, "service principal id"));
  json secrets = json::array();
  for (const auto& [path, value] : c.after.items())  // sorted by key: deterministic
    secrets.push_back({{"key", path.substr(path.rfind('/') + 1)}, {"value", secret_text(value)}});
  GraphRequest put_request = make_request(c, "PUT", sync_path(sp) + "/secrets", json{{"value", secrets}},
                                            "synchronization secrets of '" + c.address + "'");
  GraphResponse put = co_await std::move(put_request);
  if (!put.ok()) co_return failure(put);
  json validate = {{"useSavedCredentials", false}, {"templateId", "Azure2Azure"}, {"credentials", secrets}};
  GraphRequest checked_request = idempotent(make_request(c, "POST", sync_path(sp) + "/jobs/validateCredentials", validate,
                                                           "credential validation of '" + c.address + "'"));
  GraphResponse checked = co_await std::move(checked_request);
  if (!checked.ok()) co_return failure(checked);
  co_return done();
}

// ---- job, schema, assignments, job state (graph-api.md §4.4 - §4.7)

std::optional<json> azure2azure_job(const std::vector<json>& jobs) {
  for (const json& j : jobs)
    if (j.value("templateId", "") == "Azure2Azure") return j;
  return std::nullopt;
}

GraphTask sync_job(graph::GraphClient& client, const Change& c, std::map<std::string, std::string> ids) {
  const std::string sp = id_of(ids, "servicePrincipalId");
  if (sp.empty()) {
    if (c.action == Action::Delete) co_return done("removed with the sync app");
    co_return failure(missing_id(c, "service principal id"));
  }
  const std::string jobs_path = sync_path(sp) + "/jobs";
  if (c.action == Action::Delete) {
    std::string job = id_of(ids, "jobId");
    if (job.empty()) co_return done("no job to delete");
    GraphRequest r_request = make_request(c, "DELETE", jobs_path + "/" + job);
    GraphResponse r = co_await std::move(r_request);
    if (!r.ok() && r.status != 404) co_return failure(r);
    co_return done();
  }
  if (c.action == Action::Replace && !id_of(ids, "jobId").empty()) {
    GraphRequest removed_request = make_request(c, "DELETE", jobs_path + "/" + id_of(ids, "jobId"));
    GraphResponse removed = co_await std::move(removed_request);
    if (!removed.ok() && removed.status != 404) co_return failure(removed);
  }
  GraphRequest listed_request = make_request(c, "GET", jobs_path);
  GraphResponse listed = co_await std::move(listed_request);
  if (!listed.ok()) co_return failure(listed);
  std::optional<json> job = azure2azure_job(values_of(listed));
  std::string note = job ? "reused the existing Azure2Azure job" : "";
  if (!job) {
    GraphRequest create = make_request(c, "POST", jobs_path, json{{"templateId", "Azure2Azure"}});
    create.look_first = graph::look_first_by_query(client, make_request(c, "GET", jobs_path), azure2azure_job);
    GraphResponse made = co_await std::move(create);
    if (!made.ok()) co_return failure(made);
    job = made.body;
  }
  ActionOutcome out = done(note);
  out.outputs["jobId"] = job->value("id", "");
  co_return out;
}

json merged_mappings(const json& desired, const json& current) {
  json out = desired.is_array() ? desired : json::array();
  std::set<std::string> targets;
  for (const json& m : out) targets.insert(m.value("targetAttributeName", ""));
  for (const json& m : current.is_array() ? current : json::array())
    if (m.value("matchingPriority", 0) > 0 && !targets.count(m.value("targetAttributeName", ""))) out.push_back(m);
  return out;
}

GraphTask sync_schema(graph::GraphClient&, const Change& c, std::map<std::string, std::string> ids) {
  if (c.action == Action::Delete) co_return done("removed with the job");
  const std::string sp = id_of(ids, "servicePrincipalId"), job = id_of(ids, "jobId");
  if (sp.empty() || job.empty()) co_return failure(missing_id(c, sp.empty() ? "service principal id" : "job id"));
  const std::string path = sync_path(sp) + "/jobs/" + job + "/schema";
  GraphRequest got_request = make_request(c, "GET", path);
  GraphResponse got = co_await std::move(got_request);
  if (!got.ok()) co_return failure(got);
  json schema = got.body;
  for (auto it = schema.begin(); it != schema.end();)
    it = it.key().rfind("@odata", 0) == 0 ? schema.erase(it) : std::next(it);
  json* mapping = observe::user_object_mapping(schema);
  if (!mapping) co_return failure("cannot apply '" + c.address + "': the job's schema has no user object mapping", "apply-schema");
  if (c.after.contains("/attributeMappings"))
    (*mapping)["attributeMappings"] = merged_mappings(c.after["/attributeMappings"], mapping->value("attributeMappings", json::array()));
  if (c.after.contains("/scope")) (*mapping)["scope"] = c.after["/scope"];
  GraphRequest put_request = make_request(c, "PUT", path, schema);
  GraphResponse put = co_await std::move(put_request);
  if (!put.ok()) co_return failure(put);
  co_return done();
}

struct Principal {
  std::string id, type;
};

std::vector<Principal> desired_principals(const Change& c) {
  std::vector<Principal> out;
  auto add = [&](const json& p, const std::string& default_type) {
    if (p.is_string()) out.push_back({p.get<std::string>(), default_type});
    else if (p.is_object() && p.contains("id") && p["id"].is_string()) out.push_back({p["id"], p.value("type", default_type)});
  };
  if (c.action == Action::Delete) return out;
  if (c.after.contains("/principals") && c.after["/principals"].is_array()) {
    for (const json& p : c.after["/principals"]) add(p, "");
  } else if (c.after.contains("/groups") && c.after["/groups"].is_array()) {
    for (const json& p : c.after["/groups"]) add(p, "Group");
  }
  return out;
}

GraphTask app_role_assignments(graph::GraphClient& client, const Change& c, std::map<std::string, std::string> ids) {
  const std::string sp = id_of(ids, "servicePrincipalId");
  if (sp.empty()) {
    if (c.action == Action::Delete) co_return done("removed with the sync app");
    co_return failure(missing_id(c, "service principal id"));
  }
  const std::string path = sp_path(sp) + "/appRoleAssignedTo";
  GraphRequest listed_request = make_request(c, "GET", path);
  GraphResponse listed = co_await std::move(listed_request);
  if (!listed.ok()) co_return failure(listed);
  std::map<std::string, std::string> existing;  // principal id -> assignment id
  for (const json& a : values_of(listed)) existing[a.value("principalId", "")] = a.value("id", "");
  std::vector<Principal> wanted = desired_principals(c);
  std::set<std::string> wanted_ids;
  std::string role = id_of(ids, "appRoleId");
  for (const Principal& p : wanted) {
    wanted_ids.insert(p.id);
    if (existing.count(p.id)) continue;
    if (role.empty()) co_return failure(missing_id(c, "msiam_access app role id"));
    json body = {{"principalId", p.id}, {"resourceId", sp}, {"appRoleId", role}};
    if (!p.type.empty()) body["principalType"] = p.type;
    GraphRequest create = make_request(c, "POST", path, body, "assignment of '" + p.id + "' to '" + c.address + "'");
    std::string principal = p.id;
    create.look_first = graph::look_first_by_query(client, make_request(c, "GET", path),
                                                   [principal](const std::vector<json>& items) -> std::optional<json> {
                                                     for (const json& a : items)
                                                       if (a.value("principalId", "") == principal) return a;
                                                     return std::nullopt;
                                                   });
    GraphResponse made = co_await std::move(create);
    if (!made.ok()) co_return failure(made);
  }
  for (const auto& [principal, assignment] : existing) {
    if (wanted_ids.count(principal)) continue;
    GraphRequest removed_request = make_request(c, "DELETE", path + "/" + assignment);
    GraphResponse removed = co_await std::move(removed_request);
    if (!removed.ok() && removed.status != 404) co_return failure(removed);
  }
  co_return done();
}

GraphTask job_state(graph::GraphClient&, const Change& c, std::map<std::string, std::string> ids) {
  const std::string sp = id_of(ids, "servicePrincipalId"), job = id_of(ids, "jobId");
  if (sp.empty() || job.empty()) {
    if (c.action == Action::Delete) co_return done("removed with the sync app");
    co_return failure(missing_id(c, sp.empty() ? "service principal id" : "job id"));
  }
  const std::string path = sync_path(sp) + "/jobs/" + job;
  if (c.action == Action::Delete) {
    GraphRequest paused_request = idempotent(make_request(c, "POST", path + "/pause"));
    GraphResponse paused = co_await std::move(paused_request);
    if (!paused.ok() && paused.status != 404) co_return failure(paused);
    co_return done();
  }
  GraphRequest got_request = make_request(c, "GET", path);
  GraphResponse got = co_await std::move(got_request);
  if (!got.ok()) co_return failure(got);
  if (got.body.is_object() && got.body.value("schedule", json::object()).value("state", "") == "Active")
    co_return done("already running");
  GraphRequest started_request = idempotent(make_request(c, "POST", path + "/start"));
  GraphResponse started = co_await std::move(started_request);
  if (!started.ok()) co_return failure(started);
  co_return done();
}

}  // namespace

json nest_fields(const json& flat) {
  json out = json::object();
  for (const auto& [path, value] : flat.items()) {
    if (path.empty() || path[0] != '/') continue;
    out[json::json_pointer(path)] = value;
  }
  return out;
}

std::string odata_quote(const std::string& text) {
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

std::string query_encode(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || std::string_view("-_.~$,:()/'").find(static_cast<char>(ch)) != std::string_view::npos) {
      out += static_cast<char>(ch);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", ch);
      out += hex;
    }
  }
  return out;
}

GraphTask perform_change(graph::GraphClient& client, const Change& change, std::map<std::string, std::string> ids) {
  switch (change.kind) {
    case ResourceKind::PartnerConfiguration: return partner_configuration(client, change, std::move(ids));
    case ResourceKind::IdentitySyncPolicy: return identity_sync_policy(client, change, std::move(ids));
    case ResourceKind::SyncApp: return sync_app(client, change, std::move(ids));
    case ResourceKind::SyncSecrets: return sync_secrets(client, change, std::move(ids));
    case ResourceKind::SyncJob: return sync_job(client, change, std::move(ids));
    case ResourceKind::SyncSchema: return sync_schema(client, change, std::move(ids));
    case ResourceKind::AppRoleAssignments: return app_role_assignments(client, change, std::move(ids));
    case ResourceKind::JobState: return job_state(client, change, std::move(ids));
  }
  return sync_app(client, change, std::move(ids));
}

}  // namespace tf::apply
