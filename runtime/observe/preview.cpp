// Source users through each changing link, before and after (preview.h).
#include "runtime/observe/preview.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <set>

#include "compiler/core/text.h"
#include "compiler/manifest/topology.h"
#include "compiler/provision/expression_service.h"
#include "runtime/graph/url.h"
#include "runtime/observe/normalise.h"

namespace tf::observe {

namespace {

using nlohmann::json;
using plan::ResourceKind;

// Users and members per page: Graph's largest (1 to 999; 100 by default), so a tenant
// of 100,000 users takes 101 round trips, not 1,000 (Graph's paging doc; the reference
// is silent on it).
const char* const kPageSize = "999";

const json& field(const json& fields, const char* path) {
  static const json none;
  auto it = fields.find(path);
  return it == fields.end() ? none : *it;
}

// The link as the manifests want it. Group names resolve through what observe found;
// an unknown name was reported by observe and is left out here.
provision::LinkConfig desired_config(const plan::DesiredState& desired, const plan::ObservedState& observed,
                                     const manifest::DirectedLink& link,
                                     std::optional<long long>& threshold) {
  provision::LinkConfig config;
  if (const plan::Resource* schema =
          desired.find(plan::resource_address(ResourceKind::SyncSchema, link.source, link.target))) {
    config.attribute_mappings = field(schema->fields, "/attributeMappings");
    config.scope = field(schema->fields, "/scope");
  }
  if (const plan::Resource* secrets =
          desired.find(plan::resource_address(ResourceKind::SyncSecrets, link.source, link.target))) {
    config.sync_all = field(secrets->fields, "/SyncAll") == "true";
    const json& settings = field(secrets->fields, "/SyncNotificationSettings");
    if (settings.is_string()) threshold = provision::deletion_threshold(settings.get<std::string>());
  }
  if (const plan::Resource* assignments =
          desired.find(plan::resource_address(ResourceKind::AppRoleAssignments, link.source, link.target))) {
    const json& groups = field(assignments->fields, "/groups");
    auto names = observed.group_ids.find(link.source);
    if (groups.is_array())
      for (const json& g : groups) {
        if (!g.is_object()) continue;
        if (g.contains("id") && g["id"].is_string())
          config.assigned.insert(lower_ascii(g["id"].get<std::string>()));
        if (g.contains("name") && g["name"].is_string() && names != observed.group_ids.end())
          if (auto id = names->second.find(g["name"].get<std::string>()); id != names->second.end())
            config.assigned.insert(lower_ascii(id->second));
      }
  }
  return config;
}

// The link as the engine reads it now; none when it has no schema yet.
std::optional<provision::LinkConfig> observed_config(const plan::ObservedState& observed,
                                                     const manifest::DirectedLink& link) {
  auto find = [&](ResourceKind kind) -> const json* {
    auto it = observed.resources.find(plan::resource_address(kind, link.source, link.target));
    return it == observed.resources.end() ? nullptr : &it->second.resource.fields;
  };
  const json* schema = find(ResourceKind::SyncSchema);
  if (!schema) return std::nullopt;
  provision::LinkConfig config;
  config.attribute_mappings = field(*schema, "/attributeMappings");
  config.scope = field(*schema, "/scope");
  if (const json* secrets = find(ResourceKind::SyncSecrets))
    config.sync_all = field(*secrets, "/SyncAll") == "true";
  if (const json* assignments = find(ResourceKind::AppRoleAssignments))
    if (const json& principals = field(*assignments, "/principals"); principals.is_array())
      for (const json& id : principals)
        if (id.is_string()) config.assigned.insert(lower_ascii(id.get<std::string>()));
  return config;
}

std::vector<std::string> what_changes(const std::optional<provision::LinkConfig>& before,
                                      const provision::LinkConfig& after) {
  if (!before) return {"new link"};
  std::vector<std::string> out;
  if (before->attribute_mappings != after.attribute_mappings) out.push_back("attribute mappings");
  if (before->scope != after.scope) out.push_back("scoping filter");
  if (before->sync_all != after.sync_all) out.push_back("SyncAll");
  if (before->assigned != after.assigned && !(before->sync_all && after.sync_all))
    out.push_back("assigned groups");
  return out;
}

struct Pending {
  LinkPreview preview;
  std::optional<provision::LinkConfig> before;
  provision::LinkConfig after;
  std::string target_domain;
};

}  // namespace

std::vector<LinkPreview> read_preview(graph::GraphClient& client, const manifest::CompiledManifest& compiled,
                                      const plan::DesiredState& desired, const plan::ObservedState& observed,
                                      const PreviewOptions& options, Diagnostics& diagnostics) {
  std::map<std::string, const manifest::Tenant*> tenants;
  for (const manifest::Tenant& t : compiled.model.tenants) tenants[t.name] = &t;
  std::vector<Pending> links;
  for (const manifest::DirectedLink& link : compiled.topology.links) {
    if (!options.only.empty() && std::find(options.only.begin(), options.only.end(),
                                           std::make_pair(link.source, link.target)) == options.only.end())
      continue;
    Pending p;
    p.preview.source = link.source;
    p.preview.target = link.target;
    p.preview.origin = manifest::describe(link.origin);
    p.before = observed_config(observed, link);
    p.after = desired_config(desired, observed, link, p.preview.deletion_threshold);
    p.preview.new_link = !p.before;
    p.preview.what_changes = what_changes(p.before, p.after);
    p.preview.changes = !p.preview.what_changes.empty();
    std::set<std::string> unread;
    for (const provision::LinkConfig* config : {p.before ? &*p.before : nullptr, &p.after})
      if (config)
        for (const std::string& name : provision::attributes_read(*config))
          if (!provision::is_graph_user_property(name) && !provision::is_synthesised_attribute(name))
            unread.insert(name);
    p.preview.unread_attributes.assign(unread.begin(), unread.end());
    auto tenant = tenants.find(link.target);
    p.target_domain =
        tenant != tenants.end() && tenant->second->domain ? *tenant->second->domain : link.target;
    links.push_back(std::move(p));
  }

  // The source tenants of the changing links, and the configurations each must read for.
  std::vector<std::string> sources;
  std::map<std::string, std::vector<Pending*>> changing;
  for (Pending& p : links) {
    if (!p.preview.changes && !options.user) continue;  // one user is explained on every link
    if (!changing.count(p.preview.source)) sources.push_back(p.preview.source);
    changing[p.preview.source].push_back(&p);
  }
  std::set<std::string> failed;

  // First the direct members of every assigned principal (Graph answers 404 for one
  // that is not a group: a user assigned directly, matched by its id).
  std::vector<std::pair<std::string, std::string>> groups;  // (tenant, principal id)
  for (const std::string& source : sources)
    for (const Pending* p : changing[source])
      for (const provision::LinkConfig* config : {p->before ? &*p->before : nullptr, &p->after})
        if (config && !config->sync_all)
          for (const std::string& principal : config->assigned)
            if (std::find(groups.begin(), groups.end(), std::make_pair(source, principal)) == groups.end())
              groups.emplace_back(source, principal);
  std::vector<graph::GraphRequest> member_reads;
  for (const auto& [tenant, group] : groups)
    member_reads.push_back(
        {.tenant = tenant,
         .path = graph::with_query(graph::with_select("/groups/" + group + "/members", {"id"}), "$top",
                                   kPageSize),
         .action = "read",
         .object = "members of group '" + group + "' in tenant '" + tenant + "'"});
  std::vector<graph::PagedResponse> member_lists = client.get_all_many(member_reads);
  std::map<std::pair<std::string, std::string>, std::set<std::string>>
      member_of;  // (tenant, user id) -> groups
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (!member_lists[i].ok()) {
      if (member_lists[i].error->code == "Request_ResourceNotFound" ||
          member_lists[i].error->code == "http-404")
        continue;
      diagnostics.add(*member_lists[i].error);
      failed.insert(groups[i].first);
      continue;
    }
    for (const json& m : member_lists[i].items)
      if (m.is_object() && m.contains("id") && m["id"].is_string())
        member_of[{groups[i].first, lower_ascii(m["id"].get<std::string>())}].insert(groups[i].second);
  }

  // Then the users, page by page (999 at a time) and every source tenant at once: each
  // page goes through the tenant's changing links and only the users that change stay.
  // Now() is the wall clock. Guid and RandomString get a constant instead of random
  // bits: their real values are drawn at each cycle, so preview shows a stand-in and
  // never a change of one.
  provision::ExpressionService expressions(
      {[] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); },
       [] { return std::uint64_t{0x5eed5eed5eed5eed}; }});
  graph::BatchReads reads(client);
  std::function<void(const std::string&, graph::GraphResponse)> take_page = [&](const std::string& source,
                                                                                graph::GraphResponse page) {
    if (failed.count(source)) return;
    if (page.error) {
      diagnostics.add(std::move(*page.error));
      failed.insert(source);
      return;
    }
    std::vector<provision::SourceUser> users;
    if (auto value = page.body.find("value"); value != page.body.end() && value->is_array())
      for (json& u : *value) {
        std::string id = u.is_object() && u.contains("id") && u["id"].is_string()
                             ? lower_ascii(u["id"].get<std::string>())
                             : "";
        auto groups_of = member_of.find({source, id});
        users.push_back(
            {std::move(u), groups_of == member_of.end() ? std::set<std::string>{} : groups_of->second});
      }
    for (Pending* p : changing[source])
      p->preview.users.add(provision::preview_link(expressions, p->before, p->after, users, p->target_domain),
                           options.user.has_value());
    if (auto next = page.body.find("@odata.nextLink"); next != page.body.end() && next->is_string())
      reads.add({.tenant = source,
                 .path = next->get<std::string>(),
                 .action = "read",
                 .object = "users of tenant '" + source + "'"},
                [&take_page, source](graph::GraphResponse r) { take_page(source, std::move(r)); });
  };
  for (const std::string& source : sources) {
    if (failed.count(source)) continue;
    std::vector<const provision::LinkConfig*> configs;
    for (const Pending* p : changing[source]) {
      configs.push_back(&p->after);
      if (p->before) configs.push_back(&*p->before);
    }
    std::string path = graph::with_select("/users", provision::source_properties(configs));
    if (options.user)  // by principal name, else by object id
      path = graph::with_query(
          path, "$filter",
          graph::form_encode(
              std::string(options.user->find('@') != std::string::npos ? "userPrincipalName" : "id") +
              " eq " + odata_string(*options.user)));
    reads.add({.tenant = source,
               .path = graph::with_query(path, "$top", kPageSize),
               .action = "read",
               .object = "users of tenant '" + source + "'"},
              [&take_page, source](graph::GraphResponse r) { take_page(source, std::move(r)); });
  }
  reads.run();

  std::vector<LinkPreview> out;
  bool found = false;
  for (Pending& p : links) {
    p.preview.explained = options.user.has_value();
    p.preview.read = (p.preview.changes || p.preview.explained) && !failed.count(p.preview.source);
    if (!p.preview.read) p.preview.users = {};
    found = found || !p.preview.users.users.empty();
    out.push_back(std::move(p.preview));
  }
  if (options.user && !found && failed.empty())
    diagnostics.error({},
                      "no source tenant of " +
                          std::string(options.only.empty() ? "the links" : "the chosen links") +
                          " has a user '" + *options.user +
                          "'; give its userPrincipalName (as in the source tenant) or its object id",
                      "unknown-user");
  return out;
}

}  // namespace tf::observe
