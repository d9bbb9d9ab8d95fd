// observe (observe.h): per tenant, a chain of three steps of batched reads, each
// tenant's chain moving as its own answers arrive (graph::BatchReads), and each sync
// app's resources built as soon as its parts are in, while other reads are still
// in flight:
//   step 1, per tenant: partners ($expand=identitySynchronization), the service
//           principals and applications instantiated from the sync template, and
//           the group names its desired assignments use;
//   step 2, per sync app: jobs (all), secrets and appRoleAssignedTo (desired links),
//           secrets of untagged apps in source tenants;
//   step 3, per desired link's job: its schema.
// What depends on arrival order (notes, diagnostics) is sorted at the end.
// Choice: sync apps are listed with $filter=applicationTemplateId eq '<CTS template>'
// (one query finds both tagged apps and untagged look-alikes; eq works on real Graph
// and the emulator) and split by tag here.
#include "runtime/observe/observe.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <tuple>

#include "compiler/core/text.h"
#include "runtime/graph/url.h"
#include "runtime/observe/normalise.h"
#include "runtime/observe/version.h"

namespace tf::observe {

namespace {

using nlohmann::json;
using plan::ObservedResource;
using plan::ResourceKind;

const std::string kCtsTemplate = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";
const std::string kJobTemplate = "Azure2Azure";
const std::string kTagPrefix = "tenantform:";

std::vector<std::string> default_paths(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::PartnerConfiguration:
      return {"/automaticUserConsentSettings/inboundAllowed", "/automaticUserConsentSettings/outboundAllowed"};
    case ResourceKind::IdentitySyncPolicy: return {"/userSyncInbound/isSyncAllowed"};
    case ResourceKind::SyncApp: return {"/displayName", "/tags"};
    case ResourceKind::SyncSecrets: return {"/AuthenticationType", "/CompanyId", "/SyncAll", "/SyncNotificationSettings"};
    case ResourceKind::SyncJob: return {"/templateId"};
    case ResourceKind::SyncSchema: return {"/attributeMappings", "/scope"};
    case ResourceKind::AppRoleAssignments: return {"/principals"};
    case ResourceKind::JobState: return {"/state"};
  }
  return {};
}

std::string str(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

// A tenant-form-tagged or look-alike sync app of one tenant.
struct SyncAppRead {
  std::string tenant{}, tenant_id{};
  json sp{};
  std::optional<plan::LinkKey> link{};  // from the ownership tag
  std::string partner{}, partner_id{};  // the link's target (name, or id when not in the manifest)
  std::string address{};                // sync_app.<tenant>[<partner>]
  bool desired = false;
  std::optional<json> secrets{}, jobs{}, assignments{}, schema{};
  json job{};  // the Azure2Azure job, null when none
  int pending = 0;     // its reads not yet answered
  bool built = false;  // its resources are in the result
};

// Per tenant: whether its list of sync applications (whose object ids the sync apps'
// ids include) is in, and the apps whose parts are in and that wait for it.
struct TenantProgress {
  bool applications_listed = false;
  std::vector<SyncAppRead*> waiting{};
};

// What to do with a read's items ("value", all pages) and body; may take what it keeps.
using OnRead = std::function<void(std::vector<json>&, json&)>;

// A read in progress over its pages (@odata.nextLink).
struct PagedRead {
  std::string tenant, object;
  OnRead on_ok;
  std::function<void()> after;
  std::vector<json> items{};
  int pages = 0;
};

constexpr int kMaxPages = 10'000;  // a guard against a server that pages forever

class Observer {
 public:
  Observer(graph::GraphClient& client, const manifest::CompiledManifest& compiled, const plan::DesiredState& desired,
           Diagnostics& diagnostics)
      : client_(client), compiled_(compiled), desired_(desired), diagnostics_(diagnostics) {
    for (const manifest::Tenant& t : compiled.model.tenants) {
      name_by_id_[lower_ascii(t.id)] = t.name;
      if (client.endpoints(t.name)) tenants_.push_back(&t);
    }
    for (const plan::Resource& r : desired.resources)
      if (r.kind == ResourceKind::SyncApp) source_tenants_.insert(r.tenant);
  }

  plan::ObservedState run() {
    graph::BatchReads reads(client_);
    reads_ = &reads;
    for (const manifest::Tenant* t : tenants_) add_list_reads(*t);
    add_group_reads();
    reads.run();
    reads_ = nullptr;
    for (SyncAppRead& app : apps_)  // every read is answered, so none is left; a guard only
      if (!app.built) build_app(app);
    std::sort(out_.orphans.begin(), out_.orphans.end(),
              [](const ObservedResource& a, const ObservedResource& b) { return a.resource.address < b.resource.address; });
    std::stable_sort(out_.notes.begin(), out_.notes.end(), [](const plan::ObservedNote& a, const plan::ObservedNote& b) {
      return std::tie(a.address, a.message) < std::tie(b.address, b.message);
    });
    add_found_diagnostics();
    return std::move(out_);
  }

 private:
  // ---- reads ----

  // Adds a read; when it is answered, its items (every page) and body go to `on_ok`,
  // or its error to the diagnostics, and then `after` runs (either way).
  void read(graph::GraphRequest request, OnRead on_ok, std::function<void()> after = {}) {
    auto paged = std::make_shared<PagedRead>(PagedRead{request.tenant, request.object, std::move(on_ok), std::move(after)});
    reads_->add(std::move(request), [this, paged](graph::GraphResponse r) { take_page(paged, std::move(r)); });
  }

  // One page of a read: its items are kept, the next page is read through the same
  // batches (other chains go on meanwhile), and after the last one `on_ok` gets them all.
  void take_page(const std::shared_ptr<PagedRead>& paged, graph::GraphResponse r) {
    if (r.error) {
      found_.add(std::move(*r.error));
      if (paged->after) paged->after();
      return;
    }
    json body = std::move(r.body);  // every answer is used once: its items move, not copy
    if (body.is_object())
      if (auto value = body.find("value"); value != body.end() && value->is_array()) {
        paged->items.reserve(paged->items.size() + value->size());
        for (json& item : *value) paged->items.push_back(std::move(item));
        value->clear();
      }
    std::string next = str(body, "@odata.nextLink");
    if (!next.empty() && ++paged->pages < kMaxPages) {
      reads_->add({.tenant = paged->tenant, .path = next, .object = paged->object},
                  [this, paged](graph::GraphResponse page) { take_page(paged, std::move(page)); });
      return;
    }
    if (next.empty()) {
      paged->on_ok(paged->items, body);
    } else {
      found_.error({}, "tenant '" + paged->tenant + "': stopped reading the " + paged->object + " after " +
                           std::to_string(kMaxPages) + " pages; the collection does not seem to end",
                   "too-many-pages");
    }
    if (paged->after) paged->after();
  }

  // The diagnostics of failed reads, in an order that does not depend on arrival:
  // by message, then by manifest location; each once (a tenant whose token cannot be
  // had fails every read of it with the same error).
  void add_found_diagnostics() {
    std::vector<Diagnostic> items = found_.items();
    std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.message < b.message; });
    Diagnostics sorted;
    auto same = [](const Diagnostic& a, const Diagnostic& b) {
      return a.message == b.message && a.code == b.code && a.location.file == b.location.file &&
             a.location.line == b.location.line && a.location.column == b.location.column;
    };
    for (const Diagnostic& d : items)
      if (sorted.items().empty() || !same(d, sorted.items().back())) sorted.add(d);
    sorted.sort_by_location();
    diagnostics_.append(sorted);
  }

  std::string template_filter(const std::string& collection, const std::vector<std::string>& fields) const {
    std::string path = graph::with_query(collection, "$filter",
                                         graph::form_encode("applicationTemplateId eq " + odata_string(kCtsTemplate)));
    return graph::with_select(path, fields);
  }

  void add_list_reads(const manifest::Tenant& t) {
    read({.tenant = t.name, .path = kPartners + "?$expand=identitySynchronization", .object = "partner configurations"},
         [this, &t](std::vector<json>& items, json&) { take_partners(t, items); });
    read({.tenant = t.name, .path = template_filter("/servicePrincipals", sync_app_select()),
          .object = "cross-tenant sync service principals"},
         [this, &t](std::vector<json>& items, json&) { take_service_principals(t, std::move(items)); });
    read({.tenant = t.name, .path = template_filter("/applications", {"id", "appId"}),
          .object = "cross-tenant sync applications"},
         [this, &t](std::vector<json>& items, json&) {
           for (const json& app : items) application_ids_[t.name][str(app, "appId")] = str(app, "id");
         },
         [this, &t] { applications_listed(t.name); });
  }

  // Step 2 for one app, as soon as its tenant's service principals are in. The app's
  // resources are built when its last read is answered (part_done).
  enum class Parts { Jobs, Others };
  void add_part_reads(SyncAppRead& app, Parts parts) {
    std::string base = "/servicePrincipals/" + str(app.sp, "id") + "/synchronization";
    SyncAppRead* a = &app;
    auto done = [this, a] { part_done(*a); };
    auto part = [&](std::string path, std::string object, std::optional<json> SyncAppRead::*slot) {
      ++app.pending;
      read({.tenant = app.tenant, .path = std::move(path), .object = std::move(object)},
           [a, slot](std::vector<json>& items, json&) { a->*slot = json(std::move(items)); }, done);
    };
    if (!app.link) {  // an untagged look-alike: only its CompanyId matters
      if (parts == Parts::Others)
        part(base + "/secrets", "secrets of '" + str(app.sp, "displayName") + "'", &SyncAppRead::secrets);
      return;
    }
    if (parts == Parts::Others) {
      if (!app.desired) return;
      part(base + "/secrets", "secrets of " + app.address, &SyncAppRead::secrets);
      part("/servicePrincipals/" + str(app.sp, "id") + "/appRoleAssignedTo", "assignments of " + app.address,
           &SyncAppRead::assignments);
      return;
    }
    ++app.pending;
    read({.tenant = app.tenant, .path = base + "/jobs", .object = "jobs of " + app.address},
         [this, a](std::vector<json>& items, json&) {
           a->jobs = json(std::move(items));
           add_schema_read(*a);
         },
         done);
  }

  // Step 3: the schema of a desired link's job, once the app's jobs are in.
  void add_schema_read(SyncAppRead& app) {
    app.job = choose_job(app);
    if (!app.desired || app.job.is_null()) return;
    SyncAppRead* a = &app;
    ++app.pending;
    read({.tenant = app.tenant,
          .path = "/servicePrincipals/" + str(app.sp, "id") + "/synchronization/jobs/" + str(app.job, "id") + "/schema",
          .object = "schema of " + app.address,
          .unread = schema_unread()},  // two thirds of a schema, read by no plan (version.h)
         [a](std::vector<json>&, json& body) { a->schema = std::move(body); }, [this, a] { part_done(*a); });
  }

  void part_done(SyncAppRead& app) {
    if (--app.pending > 0) return;
    TenantProgress& progress = progress_[app.tenant];
    if (progress.applications_listed) build_app(app);
    else progress.waiting.push_back(&app);
  }

  void applications_listed(const std::string& tenant) {
    TenantProgress& progress = progress_[tenant];
    progress.applications_listed = true;
    for (SyncAppRead* app : progress.waiting) build_app(*app);
    progress.waiting.clear();
  }

  void add_group_reads() {
    std::set<std::pair<std::string, std::string>> seen;
    for (const plan::Resource& r : desired_.resources) {
      if (r.kind != ResourceKind::AppRoleAssignments || !client_.endpoints(r.tenant)) continue;
      json groups = r.fields.contains("/groups") ? r.fields["/groups"] : json::array();
      if (!groups.is_array()) continue;
      for (const json& g : groups) {
        std::string name = str(g, "name");
        if (name.empty() || !seen.insert({r.tenant, name}).second) continue;
        std::string path = graph::with_select(
            graph::with_query("/groups", "$filter", graph::form_encode("displayName eq " + odata_string(name))),
            {"id", "displayName"});
        const plan::Resource* resource = &r;
        read({.tenant = r.tenant, .path = path, .object = "group '" + name + "'"},
             [this, resource, name](std::vector<json>& items, json&) { take_group(*resource, name, items); });
      }
    }
  }

  json choose_job(const SyncAppRead& app) {
    std::vector<json> jobs;
    for (const json& job : *app.jobs)
      if (str(job, "templateId") == kJobTemplate) jobs.push_back(job);
    if (jobs.empty()) return nullptr;
    std::sort(jobs.begin(), jobs.end(), [](const json& a, const json& b) { return str(a, "id") < str(b, "id"); });
    if (jobs.size() > 1)
      out_.notes.push_back({plan::resource_address(ResourceKind::SyncJob, app.tenant, app.partner),
                            "the sync app has " + std::to_string(jobs.size()) + " '" + kJobTemplate +
                                "' jobs; tenantform manages '" + str(jobs[0], "id") + "' and leaves the others alone",
                            false});
    return jobs[0];
  }

  // ---- round 1 answers ----

  std::string name_of(const std::string& tenant_id) const {
    auto it = name_by_id_.find(lower_ascii(tenant_id));
    return it == name_by_id_.end() ? "" : it->second;
  }

  void take_partners(const manifest::Tenant& tenant, const std::vector<json>& items) {
    for (const json& partner : items) {
      std::string partner_id = lower_ascii(str(partner, "tenantId"));
      std::string partner_name = name_of(partner_id);
      if (partner_name.empty() || partner_name == tenant.name) continue;
      json config = partner;
      config.erase("identitySynchronization");
      add(make(ResourceKind::PartnerConfiguration, tenant, partner_name, partner_id, std::nullopt, std::move(config), partner));
      if (partner.contains("identitySynchronization") && partner["identitySynchronization"].is_object())
        add(make(ResourceKind::IdentitySyncPolicy, tenant, partner_name, partner_id, std::nullopt,
                 partner["identitySynchronization"], partner["identitySynchronization"]));
    }
  }

  static std::optional<plan::LinkKey> tagged_link(const json& sp) {
    std::optional<plan::LinkKey> link;
    if (sp.contains("tags") && sp["tags"].is_array())
      for (const json& tag : sp["tags"])
        if (tag.is_string())
          if (auto parsed = plan::parse_ownership_tag(tag.get<std::string>())) link = parsed;
    return link;
  }

  // An apply killed between instantiating a sync app and tagging it (Graph's
  // instantiate takes no tags, graph-api.md §4.1) leaves an untagged app with the
  // name tenantform gives the link's app. When no tagged app exists for that link, it
  // is that link's app: the plan tags it rather than creating another.
  std::optional<plan::LinkKey> unfinished_link(const manifest::Tenant& tenant, const json& sp,
                                               const std::set<plan::LinkKey>& tagged) {
    for (const plan::Resource& r : desired_.resources) {
      if (r.kind != ResourceKind::SyncApp || r.tenant != tenant.name || !r.link || tagged.count(*r.link)) continue;
      if (!r.fields.contains("/displayName") || r.fields["/displayName"] != str(sp, "displayName")) continue;
      out_.notes.push_back({r.address,
                            "the sync app '" + str(sp, "displayName") + "' in '" + tenant.name +
                                "' has the name tenantform gives this link's app but no ownership tag (an apply "
                                "was interrupted after creating it); the plan tags it instead of creating another",
                            false});
      return r.link;
    }
    return std::nullopt;
  }

  void take_service_principals(const manifest::Tenant& tenant, std::vector<json> items) {
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return str(a, "id") < str(b, "id"); });
    std::set<plan::LinkKey> tagged;
    for (const json& sp : items)
      if (auto link = tagged_link(sp)) tagged.insert(*link);
    std::vector<SyncAppRead*> found;
    for (const json& sp : items) {
      SyncAppRead app{.tenant = tenant.name, .tenant_id = lower_ascii(tenant.id), .sp = sp};
      app.link = tagged_link(sp);
      if (!app.link && source_tenants_.count(tenant.name)) {
        app.link = unfinished_link(tenant, sp, tagged);
        if (app.link) tagged.insert(*app.link);
      }
      if (!app.link) {
        if (source_tenants_.count(tenant.name)) found.push_back(&apps_.emplace_back(std::move(app)));
        continue;
      }
      if (lower_ascii(app.link->source_tenant_id) != app.tenant_id) {
        out_.notes.push_back({"", "the service principal '" + str(sp, "displayName") + "' in '" + tenant.name +
                                      "' carries the ownership tag of another tenant's link; tenantform ignores it",
                              false});
        continue;
      }
      app.partner_id = lower_ascii(app.link->target_tenant_id);
      app.partner = name_of(app.partner_id);
      if (app.partner.empty()) app.partner = app.partner_id;
      app.address = plan::resource_address(ResourceKind::SyncApp, app.tenant, app.partner);
      app.desired = desired_.find(app.address) != nullptr;
      if (claimed_.count(app.address)) {
        out_.notes.push_back({app.address,
                              "two sync apps in '" + tenant.name + "' carry the ownership tag of the link to '" +
                                  app.partner + "' ('" + claimed_[app.address] + "' and '" + str(sp, "id") +
                                  "'); delete the one that should not exist",
                              true});
        continue;
      }
      claimed_[app.address] = str(sp, "id");
      found.push_back(&apps_.emplace_back(std::move(app)));
    }
    // Every app's jobs first: they go out in the tenant's first batches, and their
    // answers (which the schema reads wait for) come back together.
    for (SyncAppRead* app : found) add_part_reads(*app, Parts::Jobs);
    for (SyncAppRead* app : found) add_part_reads(*app, Parts::Others);
  }

  // ---- round 2 answers ----

  void take_group(const plan::Resource& resource, const std::string& name, const std::vector<json>& items) {
    std::vector<std::string> ids;
    for (const json& g : items)
      if (str(g, "displayName") == name || lower_ascii(str(g, "displayName")) == lower_ascii(name)) ids.push_back(str(g, "id"));
    if (ids.size() == 1) {
      out_.group_ids[resource.tenant][name] = ids[0];
      return;
    }
    std::string scope_name = "(default)";
    Location where = resource.origin;
    find_scope_group(resource, name, scope_name, where);
    if (ids.empty())
      found_.error(where,
                         "scope '" + scope_name + "' names the group '" + name + "', which does not exist in tenant '" +
                             resource.tenant + "'; check its display name or give the group's id",
                         "unknown-group");
    else
      found_.error(where,
                         "scope '" + scope_name + "' names the group '" + name + "', and tenant '" + resource.tenant +
                             "' has " + std::to_string(ids.size()) + " groups of that name; give the group's id instead",
                         "ambiguous-group");
  }

  void find_scope_group(const plan::Resource& resource, const std::string& name, std::string& scope_name,
                        Location& where) const {
    for (const manifest::DirectedLink& link : compiled_.topology.links) {
      if (link.source != resource.tenant || link.target != resource.partner || !link.scope) continue;
      scope_name = *link.scope;
      if (const manifest::Scope* scope = compiled_.model.scope(*link.scope))
        for (const manifest::GroupRef& g : scope->groups)
          if (!g.is_id && g.value == name) where = g.location;
    }
  }

  // ---- resources ----

  std::vector<std::string> managed_paths(ResourceKind kind, const std::string& address) const {
    const plan::Resource* d = desired_.find(address);
    // Assignments are desired as "/groups" (names or ids) and observed as "/principals".
    if (kind == ResourceKind::AppRoleAssignments || !d || !d->fields.is_object() || d->fields.empty())
      return default_paths(kind);
    std::vector<std::string> paths;
    for (const auto& [path, value] : d->fields.items()) paths.push_back(path);
    return paths;
  }

  // A resource whose managed fields are read at their paths in `view` (moved out of
  // it; the rest is `unmanaged`); its version is read_version (version.h) of `read`,
  // the object in the shape a single GET of it returns, which is what apply's stale
  // check re-reads and hashes.
  ObservedResource make(ResourceKind kind, const manifest::Tenant& tenant, const std::string& partner,
                        const std::string& partner_id, std::optional<plan::LinkKey> link, json view,
                        const json& read) const {
    ObservedResource r;
    r.resource.kind = kind;
    r.resource.tenant = tenant.name;
    r.resource.tenant_id = lower_ascii(tenant.id);
    r.resource.partner = partner;
    r.resource.partner_id = partner_id;
    r.resource.link = std::move(link);
    r.resource.address = plan::resource_address(kind, tenant.name, partner);
    std::vector<std::string> paths = managed_paths(kind, r.resource.address);
    // A path inside another managed path is read before anything moves.
    bool nested = std::any_of(paths.begin(), paths.end(), [&](const std::string& outer) {
      return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return p.rfind(outer + "/", 0) == 0; });
    });
    for (const std::string& path : paths) r.resource.fields[path] = nested ? value_at(view, path) : take_at(view, path);
    r.unmanaged = without_paths(std::move(view), paths);
    r.version = read_version(kind, read);
    return r;
  }

  void add(ObservedResource resource) {
    std::string address = resource.resource.address;
    out_.resources[address] = std::move(resource);
  }

  const manifest::Tenant& tenant_named(const std::string& name) const {
    for (const manifest::Tenant* t : tenants_)
      if (t->name == name) return *t;
    return *tenants_.front();  // unreachable: apps come from registered tenants
  }

  // An app's resources, as soon as its reads are answered; what was read for it is
  // released right after (a schema is ~17 KB of JSON).
  void build_app(SyncAppRead& app) {
    app.built = true;
    build_resources(app);
    app.secrets.reset();
    app.jobs.reset();
    app.assignments.reset();
    app.schema.reset();
  }

  void build_resources(SyncAppRead& app) {
    if (!app.link) return check_look_alike(app);
    const manifest::Tenant& tenant = tenant_named(app.tenant);
    std::map<std::string, std::string> ids = app_ids(app);
    json tags = json::array();
    json other_tags = json::array();
    for (const json& tag : app.sp.value("tags", json::array()))
      (tag.is_string() && tag.get<std::string>().rfind(kTagPrefix, 0) == 0 ? tags : other_tags).push_back(tag);
    std::sort(tags.begin(), tags.end());
    json view = app.sp;
    view["tags"] = std::move(tags);
    ObservedResource sync_app = make(ResourceKind::SyncApp, tenant, app.partner, app.partner_id, app.link, std::move(view), app.sp);
    sync_app.unmanaged["tags"] = other_tags;
    sync_app.ids = ids;
    if (!app.desired) {
      out_.orphans.push_back(std::move(sync_app));
      return;
    }
    add(std::move(sync_app));
    build_secrets(app, tenant, ids);
    build_job(app, tenant, ids);
    build_assignments(app, tenant, ids);
  }

  std::map<std::string, std::string> app_ids(const SyncAppRead& app) const {
    std::map<std::string, std::string> ids{{"servicePrincipalId", str(app.sp, "id")}, {"appId", str(app.sp, "appId")}};
    auto apps = application_ids_.find(app.tenant);
    if (apps != application_ids_.end() && apps->second.count(str(app.sp, "appId")))
      ids["applicationId"] = apps->second.at(str(app.sp, "appId"));
    std::string role;
    for (const json& r : app.sp.value("appRoles", json::array()))
      if (role.empty() || str(r, "displayName") == "msiam_access" || str(r, "value") == "msiam_access")
        if (!str(r, "id").empty()) role = str(r, "id");
    if (!role.empty()) ids["appRoleId"] = role;
    if (!app.job.is_null()) ids["jobId"] = str(app.job, "id");
    return ids;
  }

  void build_secrets(const SyncAppRead& app, const manifest::Tenant& tenant, const std::map<std::string, std::string>& ids) {
    if (!app.secrets || app.secrets->empty()) return;
    json values = json::object();
    for (const json& s : *app.secrets)
      if (!str(s, "key").empty()) values[str(s, "key")] = s.contains("value") ? s["value"] : json(nullptr);
    ObservedResource r =
        make(ResourceKind::SyncSecrets, tenant, app.partner, app.partner_id, app.link, values, json{{"value", *app.secrets}});
    for (const auto& [path, value] : r.resource.fields.items()) {
      std::string key = path.substr(1);
      if (values.contains(key) && looks_redacted(values[key]))
        out_.notes.push_back({r.resource.address,
                              "Graph does not return the value of the secret '" + key +
                                  "'; tenantform cannot tell whether it changed and will write it on apply",
                              false});
    }
    for (auto& [key, value] : r.unmanaged.items()) value = "(sensitive)";
    r.ids = ids;
    add(std::move(r));
  }

  void build_job(const SyncAppRead& app, const manifest::Tenant& tenant, const std::map<std::string, std::string>& ids) {
    if (app.job.is_null()) return;
    json job = versioned_view(ResourceKind::SyncJob, app.job);  // without the counters every cycle changes
    ObservedResource sync_job = make(ResourceKind::SyncJob, tenant, app.partner, app.partner_id, app.link, std::move(job), app.job);
    sync_job.ids = ids;
    add(std::move(sync_job));
    json schedule = versioned_view(ResourceKind::JobState, app.job);
    ObservedResource state = make(ResourceKind::JobState, tenant, app.partner, app.partner_id, app.link, std::move(schedule), app.job);
    state.ids = ids;
    add(std::move(state));
    if (!app.schema) return;
    const json* user = user_object_mapping(*app.schema);
    static const json no_mappings = json::array(), no_scope = nullptr;
    auto member = [&](const char* key, const json& absent) -> const json& {  // by reference: mappings are large
      return user && user->contains(key) ? (*user)[key] : absent;
    };
    json view = json::object();
    view["attributeMappings"] = normalise_attribute_mappings(member("attributeMappings", no_mappings));
    view["scope"] = normalise_scope(member("scope", no_scope));
    ObservedResource schema = make(ResourceKind::SyncSchema, tenant, app.partner, app.partner_id, app.link, std::move(view), *app.schema);
    schema.unmanaged = json::object();
    schema.ids = ids;
    add(std::move(schema));
  }

  void build_assignments(const SyncAppRead& app, const manifest::Tenant& tenant,
                         std::map<std::string, std::string> ids) {
    if (!app.assignments) return;
    std::vector<json> items(app.assignments->begin(), app.assignments->end());
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return str(a, "id") < str(b, "id"); });
    std::set<std::string> principals;
    json names = json::object();
    for (const json& a : items) {
      std::string principal = str(a, "principalId");
      if (principal.empty()) continue;
      principals.insert(principal);
      names[principal] = a.value("principalDisplayName", json(nullptr));
      if (!ids.count("assignment:" + principal)) ids["assignment:" + principal] = str(a, "id");
    }
    json view = {{"principals", json(principals)}};
    ObservedResource r = make(ResourceKind::AppRoleAssignments, tenant, app.partner, app.partner_id, app.link, std::move(view),
                              json{{"value", *app.assignments}});
    r.unmanaged = {{"principalDisplayNames", names}};
    r.ids = std::move(ids);
    add(std::move(r));
  }

  // An untagged sync app in a source tenant whose CompanyId is a desired link's target.
  void check_look_alike(const SyncAppRead& app) {
    if (!app.secrets) return;
    std::string company;
    for (const json& s : *app.secrets)
      if (str(s, "key") == "CompanyId") company = lower_ascii(str(s, "value"));
    std::string target = name_of(company);
    if (target.empty()) return;
    std::string address = plan::resource_address(ResourceKind::SyncApp, app.tenant, target);
    if (!desired_.find(address)) return;
    out_.notes.push_back({address,
                          "an existing sync configuration '" + str(app.sp, "displayName") + "' in '" + app.tenant +
                              "' already targets '" + target + "'; import or delete it",
                          true});
  }

  graph::GraphClient& client_;
  const manifest::CompiledManifest& compiled_;
  const plan::DesiredState& desired_;
  Diagnostics& diagnostics_;
  std::vector<const manifest::Tenant*> tenants_;
  std::map<std::string, std::string> name_by_id_;
  std::set<std::string> source_tenants_;
  std::map<std::string, std::map<std::string, std::string>> application_ids_;  // tenant -> appId -> object id
  std::deque<SyncAppRead> apps_;  // a deque: reads in flight point at their app
  std::map<std::string, TenantProgress> progress_;
  graph::BatchReads* reads_ = nullptr;  // during run()
  Diagnostics found_;                   // of reads, added in a stable order at the end
  std::map<std::string, std::string> claimed_;  // sync app address -> service principal id
  plan::ObservedState out_;
};

}  // namespace

plan::ObservedState observe(graph::GraphClient& client, const manifest::CompiledManifest& compiled,
                            const plan::DesiredState& desired, Diagnostics& diagnostics) {
  Observer observer(client, compiled, desired, diagnostics);
  return observer.run();
}

}  // namespace tf::observe
