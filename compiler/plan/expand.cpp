// Expansion of the directed links into the desired state (expand.h).
//
// Choices where the references are silent (see also template_defaults.h):
// - IdentitySyncPolicy "/displayName": the source tenant's local name (Graph's
//   convention is "the partner tenant's name").
// - SyncApp "/displayName": sync_app_display_name (target name and id).
// - SyncNotificationSettings: keys in the order Enabled, Recipients,
//   DeleteThresholdEnabled, DeleteThresholdValue; recipients joined with ","
//   (Recipients omitted when there are none); no threshold: Enabled false and
//   DeleteThresholdEnabled false.
// - SyncSchema "/scope" without a filter: the empty EntraFilter in Graph's shape
//   ({"groups": [], "inputFilterGroups": [], "categoryFilterGroups": []}).
// - AppRoleAssignments "/groups": ids lower-cased, sorted ("id" entries before
//   "name" entries, then by value), duplicates dropped.
// - Dependencies: partner configurations depend on nothing (they are shared by the
//   two directions of a pair, so ordering them against each other could cycle);
//   an identity sync policy depends on its partner configuration; the sync app on
//   both partner configurations and the target's identity sync policy; then each
//   link resource on the previous one.
#include "compiler/plan/expand.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "compiler/core/text.h"
#include "compiler/expr/parser.h"
#include "compiler/expr/printer.h"
#include "compiler/expr/substitute.h"
#include "compiler/plan/template_defaults.h"
#include "compiler/scope/entra_filter.h"

namespace tf::plan {

namespace {

using manifest::DirectedLink;
using manifest::Tenant;

// Creation order of a link's own resources (DESIGN.md "Desired state of one link").
constexpr ResourceKind kLinkChain[] = {
    ResourceKind::SyncApp,   ResourceKind::SyncSecrets,        ResourceKind::SyncJob,
    ResourceKind::SyncSchema, ResourceKind::AppRoleAssignments, ResourceKind::JobState,
};

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

expr::TenantInfo tenant_info(const Tenant& tenant) {
  return {tenant.name, tenant.id, tenant.domain.value_or("")};
}

// The JSON-encoded SyncNotificationSettings secret (graph-api.md §4.8).
std::string notification_settings(const manifest::Threshold* threshold) {
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  if (!threshold) {
    settings["Enabled"] = false;
    settings["DeleteThresholdEnabled"] = false;
    return settings.dump();
  }
  settings["Enabled"] = !threshold->notify.empty();
  if (!threshold->notify.empty()) settings["Recipients"] = join(threshold->notify, ",");
  settings["DeleteThresholdEnabled"] = true;
  settings["DeleteThresholdValue"] = threshold->max_deletions;
  return settings.dump();
}

nlohmann::json group_list(const manifest::Scope& scope) {
  std::set<std::pair<std::string, std::string>> groups;  // (key, value), sorted
  for (const manifest::GroupRef& group : scope.groups)
    groups.emplace(group.is_id ? "id" : "name", group.is_id ? lower_ascii(group.value) : group.value);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, value] : groups) out.push_back({{key, value}});
  return out;
}

constexpr const char* kInboundPath = "/automaticUserConsentSettings/inboundAllowed";
constexpr const char* kOutboundPath = "/automaticUserConsentSettings/outboundAllowed";

class Expander {
 public:
  Expander(const manifest::CompiledManifest& compiled, Diagnostics& diagnostics)
      : model_(compiled.model), topology_(compiled.topology), diagnostics_(diagnostics) {}

  DesiredState run() {
    for (const DirectedLink& link : topology_.links) {
      const Tenant* source = model_.tenant(link.source);
      const Tenant* target = model_.tenant(link.target);
      if (!source || !target) {
        diagnostics_.error(link.origin.location,
                           "link '" + link.source + "' -> '" + link.target + "' names a tenant that is not defined",
                           "UnknownTenant");
        continue;
      }
      add_pair_resources(link, *source, *target);
      add_link_resources(link, *source, *target);
    }
    target_side_first();
    DesiredState state;
    state.resources.reserve(resources_.size());
    for (auto& [address, resource] : resources_) state.resources.push_back(std::move(resource));
    return state;
  }

 private:
  Resource& resource(ResourceKind kind, const Tenant& tenant, const Tenant& partner, const DirectedLink& link) {
    std::string address = resource_address(kind, tenant.name, partner.name);
    auto [it, inserted] = resources_.try_emplace(address);
    Resource& r = it->second;
    if (inserted) {
      r.kind = kind;
      r.address = address;
      r.tenant = tenant.name;
      r.tenant_id = tenant.id;
      r.partner = partner.name;
      r.partner_id = partner.id;
      r.origin = link.origin.location;
      r.origin_description = manifest::describe(link.origin);
    }
    return r;
  }

  static void depend(Resource& r, const std::string& address) {
    if (std::find(r.depends_on.begin(), r.depends_on.end(), address) == r.depends_on.end())
      r.depends_on.push_back(address);
  }

  void add_pair_resources(const DirectedLink& link, const Tenant& source, const Tenant& target) {
    Resource& inbound = resource(ResourceKind::PartnerConfiguration, target, source, link);
    inbound.fields[kInboundPath] = true;

    Resource& policy = resource(ResourceKind::IdentitySyncPolicy, target, source, link);
    policy.fields["/displayName"] = source.name;
    policy.fields["/userSyncInbound/isSyncAllowed"] = true;
    depend(policy, resource_address(ResourceKind::PartnerConfiguration, target.name, source.name));

    Resource& outbound = resource(ResourceKind::PartnerConfiguration, source, target, link);
    outbound.fields[kOutboundPath] = true;
  }

  // DESIGN.md: the target side before the source side. A partner configuration that
  // only allows outbound waits for the partner's inbound configuration and identity
  // sync policy. One that also allows inbound is both sides at once (a pair synced both
  // ways) and cannot wait; the sync apps wait for both sides anyway.
  void target_side_first() {
    for (auto& [address, r] : resources_) {
      if (r.kind != ResourceKind::PartnerConfiguration || !r.fields.contains(kOutboundPath) ||
          r.fields.contains(kInboundPath))
        continue;
      for (ResourceKind kind : {ResourceKind::PartnerConfiguration, ResourceKind::IdentitySyncPolicy}) {
        std::string target_side = resource_address(kind, r.partner, r.tenant);
        if (resources_.count(target_side)) depend(r, target_side);
      }
    }
  }

  void add_link_resources(const DirectedLink& link, const Tenant& source, const Tenant& target) {
    LinkKey key{source.id, target.id};
    manifest::Scope default_scope;
    const manifest::Scope* scope = link.scope ? model_.scope(*link.scope) : &default_scope;
    if (!scope) scope = &default_scope;  // check guarantees the name resolves
    const manifest::Threshold* threshold = link.threshold ? model_.threshold(*link.threshold) : nullptr;

    std::string previous;
    for (ResourceKind kind : kLinkChain) {
      Resource& r = resource(kind, source, target, link);
      r.link = key;
      if (previous.empty()) {
        depend(r, resource_address(ResourceKind::PartnerConfiguration, target.name, source.name));
        depend(r, resource_address(ResourceKind::IdentitySyncPolicy, target.name, source.name));
        depend(r, resource_address(ResourceKind::PartnerConfiguration, source.name, target.name));
      } else {
        depend(r, previous);
      }
      previous = r.address;
      fill_link_fields(r, link, source, target, *scope, threshold);
    }
  }

  void fill_link_fields(Resource& r, const DirectedLink& link, const Tenant& source, const Tenant& target,
                        const manifest::Scope& scope, const manifest::Threshold* threshold) {
    switch (r.kind) {
      case ResourceKind::SyncApp:
        r.fields["/displayName"] = sync_app_display_name(target.name, target.id);
        r.fields["/tags"] = nlohmann::json::array({ownership_tag(*r.link)});
        break;
      case ResourceKind::SyncSecrets:
        r.fields["/CompanyId"] = target.id;
        r.fields["/AuthenticationType"] = "SyncPolicy";
        r.fields["/SyncAll"] = scope.assigned_only ? "false" : "true";
        r.fields["/SyncNotificationSettings"] = notification_settings(threshold);
        break;
      case ResourceKind::SyncJob:
        r.fields["/templateId"] = "Azure2Azure";
        break;
      case ResourceKind::SyncSchema:
        r.fields["/attributeMappings"] = attribute_mappings(link, source, target);
        r.fields["/scope"] = scope_json(scope);
        break;
      case ResourceKind::AppRoleAssignments:
        r.fields["/groups"] = group_list(scope);
        break;
      case ResourceKind::JobState:
        r.fields["/state"] = "Active";
        break;
      case ResourceKind::PartnerConfiguration:
      case ResourceKind::IdentitySyncPolicy:
        break;
    }
  }

  nlohmann::json scope_json(const manifest::Scope& scope) {
    if (!scope.filter) return scope::to_json(scope::EntraFilter{});
    if (!scope.filter->compiled) {
      report_once(Diagnostic{Severity::Error, scope.filter->location,
                             "the filter of scope '" + scope.name + "' was not compiled; fix the errors reported for it",
                             "ScopeNotCompiled", {}},
                  nullptr);
      return scope::to_json(scope::EntraFilter{});
    }
    return scope::to_json(*scope.filter->compiled);
  }

  // What a mapping gives every link alike, worked out once per mapping (a mesh
  // shares one mapping among thousands of links): the template's defaults overlaid
  // with the attributes that have no ${...} placeholder, and the attributes that do,
  // which are substituted per link and applied over it in their manifest order.
  struct MappingBase {
    std::map<std::string, nlohmann::json> by_target;
    std::vector<const manifest::AttributeMapping*> per_link;
  };

  static bool has_placeholder(const manifest::AttributeMapping& attribute) {
    return attribute.expression && attribute.expression->text.find("${") != std::string::npos;
  }

  // The attributeMapping of `attribute`; nullopt when it is dropped, or failed
  // (already reported).
  static std::optional<nlohmann::json> mapping_entry(const manifest::AttributeMapping& attribute,
                                                     std::optional<nlohmann::json> source_json) {
    if (!source_json) return std::nullopt;
    const char* flow = attribute.apply == manifest::ApplyWhen::OnCreate ? "ObjectAddOnly" : "Always";
    return attribute_mapping_json(attribute.target, std::move(*source_json), flow);
  }

  static void overlay(std::map<std::string, nlohmann::json>& by_target, const manifest::AttributeMapping& attribute,
                      std::optional<nlohmann::json> source_json) {
    std::optional<nlohmann::json> entry = mapping_entry(attribute, std::move(source_json));
    if (entry) by_target[attribute.target] = std::move(*entry);
    else by_target.erase(attribute.target);
  }

  const MappingBase& mapping_base(const manifest::Mapping* mapping, const DirectedLink& link) {
    auto [it, inserted] = bases_.try_emplace(mapping);
    MappingBase& base = it->second;
    if (!inserted) return base;
    for (const nlohmann::json& m : template_default_mappings())
      base.by_target[m["targetAttributeName"].get<std::string>()] = m;
    if (!mapping) return base;
    expr::LinkContext no_link;  // not consulted: these attributes have no placeholder
    for (const manifest::AttributeMapping& attribute : mapping->attributes) {
      if (has_placeholder(attribute)) {
        base.per_link.push_back(&attribute);
        continue;
      }
      // A later attribute of the same target wins, as it would applied in order.
      std::erase_if(base.per_link, [&](const manifest::AttributeMapping* a) { return a->target == attribute.target; });
      std::optional<nlohmann::json> source_json;
      if (attribute.expression) source_json = graph_source(*attribute.expression, no_link, link);
      overlay(base.by_target, attribute, std::move(source_json));
    }
    return base;
  }

  // The template's defaults overlaid with the link's mapping, sorted by target.
  nlohmann::json attribute_mappings(const DirectedLink& link, const Tenant& source, const Tenant& target) {
    const manifest::Mapping* mapping = link.mapping ? model_.mapping(*link.mapping) : nullptr;
    const MappingBase& base = mapping_base(mapping, link);
    nlohmann::json out = nlohmann::json::array();
    if (base.per_link.empty()) {
      for (const auto& [target_name, m] : base.by_target) out.push_back(m);
      return out;
    }
    // The link's own attributes (a later one of the same target wins; nullopt drops
    // the target), merged with the shared ones in target order: one copy of each.
    std::map<std::string, std::optional<nlohmann::json>> own;
    expr::LinkContext context{tenant_info(source), tenant_info(target)};
    for (const manifest::AttributeMapping* attribute : base.per_link)
      own[attribute->target] = mapping_entry(*attribute, graph_source(*attribute->expression, context, link));
    auto shared = base.by_target.begin();
    auto mine = own.begin();
    while (shared != base.by_target.end() || mine != own.end()) {
      if (mine == own.end() || (shared != base.by_target.end() && shared->first < mine->first)) {
        out.push_back(shared++->second);
        continue;
      }
      if (shared != base.by_target.end() && shared->first == mine->first) ++shared;
      if (mine->second) out.push_back(std::move(*mine->second));
      ++mine;
    }
    return out;
  }

  // The expression parsed afresh, substituted for this link and printed for Graph;
  // nullopt (with the errors reported) when it cannot be.
  std::optional<nlohmann::json> graph_source(const LocatedString& text, const expr::LinkContext& context,
                                             const DirectedLink& link) {
    Diagnostics local;
    std::optional<expr::Expression> parsed = expr::parse_expression(text, local);
    bool ok = parsed && expr::substitute_placeholders(*parsed, context, local);
    for (const Diagnostic& d : local.items()) report_once(d, &link);
    if (!ok || local.has_errors()) return std::nullopt;
    return expr::to_graph_source(*parsed);
  }

  // A mapping shared by many links reports the same problem once, with a note
  // naming the first link that hit it.
  void report_once(const Diagnostic& diagnostic, const DirectedLink* link) {
    std::string key = diagnostic.location.path() + ":" + std::to_string(diagnostic.location.line) + ":" +
                      std::to_string(diagnostic.location.column) + ":" + diagnostic.code + ":" + diagnostic.message;
    if (!reported_.insert(key).second) return;
    Diagnostic& added = diagnostics_.add(diagnostic);
    if (link)
      added.note(link->origin.location, "while expanding the link '" + link->source + "' -> '" + link->target +
                                            "' of " + manifest::describe(link->origin));
  }

  const manifest::Model& model_;
  const manifest::Topology& topology_;
  Diagnostics& diagnostics_;
  std::map<std::string, Resource> resources_;  // by address: sorted output
  std::set<std::string> reported_;
  std::map<const manifest::Mapping*, MappingBase> bases_;  // attribute_mappings, per mapping
};

}  // namespace

std::string sync_app_display_name(const std::string& target_name, const std::string& target_id) {
  return "tenantform sync to " + target_name + " (" + target_id + ")";
}

DesiredState expand(const manifest::CompiledManifest& compiled, Diagnostics& diagnostics) {
  return Expander(compiled, diagnostics).run();
}

}  // namespace tf::plan
