// diff: Desired + Observed -> Plan (rules in diff.h). Built in passes over a map of
// changes keyed by address: desired objects, stale and orphaned objects, partner
// fields orphaned links leave behind, recreation after a replace, then the
// dependency edges and a deterministic topological order.
#include "compiler/plan/diff.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace tf::plan {

namespace {

constexpr const char* kInbound = "/automaticUserConsentSettings/inboundAllowed";
constexpr const char* kOutbound = "/automaticUserConsentSettings/outboundAllowed";

bool is_pair_kind(ResourceKind kind) {
  return kind == ResourceKind::PartnerConfiguration || kind == ResourceKind::IdentitySyncPolicy;
}

// Position in the creation order of DESIGN.md (deletion runs the reverse).
int creation_rank(ResourceKind kind) {
  return static_cast<int>(kind);
}

bool is_immutable(ResourceKind kind, const std::string& path) {
  return (kind == ResourceKind::SyncApp && path == "/applicationTemplateId") ||
         (kind == ResourceKind::SyncJob && path == "/templateId");
}

// Fields whose desired value depends only on the link existing, not on what the
// manifest says about it: a difference on an established link is drift.
bool is_link_invariant(ResourceKind kind, const std::string& path) {
  switch (kind) {
    case ResourceKind::PartnerConfiguration:
    case ResourceKind::IdentitySyncPolicy:
    case ResourceKind::JobState:
      return true;
    case ResourceKind::SyncApp:
      return path == "/tags";
    case ResourceKind::SyncSecrets:
      return path == "/CompanyId" || path == "/AuthenticationType";
    default:
      return false;
  }
}

// A field as observed: a managed path, else the same path in the unmanaged rest, flat
// or nested (observe reads only the desired paths of a desired object, so a flag an
// orphan link needed, or the "/principals" compared with desired "/groups", may be
// there).
// Returned by reference (null when absent): diff compares every desired field, and a
// copy of a schema's mappings per comparison was most of a large plan's time.
const nlohmann::json& observed_value(const ObservedResource& object, const std::string& path) {
  static const nlohmann::json absent = nullptr;
  const nlohmann::json& fields = object.resource.fields;
  if (fields.is_object()) {
    auto it = fields.find(path);
    if (it != fields.end()) return *it;
  }
  const nlohmann::json& rest = object.unmanaged;
  if (!rest.is_object()) return absent;
  auto it = rest.find(path);
  if (it != rest.end()) return *it;
  nlohmann::json::json_pointer pointer(path);
  return rest.contains(pointer) ? rest.at(pointer) : absent;
}

std::string in_quotes(const std::string& name) {
  return "'" + name + "'";
}

std::string origin_suffix(const Resource& resource) {
  return resource.origin_description.empty() ? "" : " (" + resource.origin_description + ")";
}

class Differ {
 public:
  Differ(const DesiredState& desired, const ObservedState& observed, const DiffOptions& options,
         Diagnostics& diagnostics)
      : desired_(desired), observed_(observed), options_(options), diagnostics_(diagnostics) {}

  Plan run() {
    collect_stale();
    for (const Resource& resource : desired_.resources) diff_desired(resource);
    delete_stale();
    clean_up_after_orphans();
    recreate_after_replace();
    report_notes();
    check_destroy();
    share_link_ids();
    Plan plan = make_plan();
    order(plan);
    take_deferred_fields(plan);
    return plan;
  }

  // diff(DesiredState&&): the created objects' field values are moved out of the
  // desired state at the end instead of copied when each create is made.
  void take_fields_from(DesiredState& desired) { takeable_ = &desired; }

 private:
  const ObservedResource* observed(const std::string& address) const {
    auto it = observed_.resources.find(address);
    return it == observed_.resources.end() ? nullptr : &it->second;
  }

  // Whether the sync app of the link source -> target (by tenant ids) exists: the link
  // has been set up by tenantform before.
  // (An index built on first use: a drifted mesh asks once per drifted field.)
  bool link_established(const std::string& source_id, const std::string& target_id) {
    if (!established_) {
      established_.emplace();
      for (const auto& [address, object] : observed_.resources)
        if (object.resource.kind == ResourceKind::SyncApp && object.resource.link)
          established_->insert(*object.resource.link);
    }
    return established_->count(LinkKey{source_id, target_id}) > 0;
  }

  bool drifted(const Resource& resource, const std::string& path) {
    if (!is_link_invariant(resource.kind, path)) return false;
    if (resource.link)
      return link_established(resource.link->source_tenant_id, resource.link->target_tenant_id);
    bool outbound = resource.kind == ResourceKind::PartnerConfiguration && path == kOutbound;
    return outbound ? link_established(resource.tenant_id, resource.partner_id)
                    : link_established(resource.partner_id, resource.tenant_id);
  }

  // Desired fields with app-role assignment groups resolved to "/principals".
  // Resolved once per address, so an unknown group is reported once; other kinds
  // are the desired fields themselves (not copied).
  const nlohmann::json& resolved_fields(const Resource& resource) {
    if (resource.kind != ResourceKind::AppRoleAssignments) return resource.fields;
    auto cached = resolved_.find(resource.address);
    if (cached != resolved_.end()) return cached->second;
    return resolved_[resource.address] = resolve_groups(resource);
  }

  nlohmann::json resolve_groups(const Resource& resource) {
    nlohmann::json fields = resource.fields;
    if (resource.kind != ResourceKind::AppRoleAssignments || !fields.contains("/groups")) return fields;
    std::set<std::string> principals;
    auto tenant_groups = observed_.group_ids.find(resource.tenant);
    for (const nlohmann::json& group : fields["/groups"]) {
      if (!group.is_object()) continue;
      if (group.contains("id") && group["id"].is_string()) {
        principals.insert(group["id"].get<std::string>());
        continue;
      }
      std::string name =
          group.contains("name") && group["name"].is_string() ? group["name"].get<std::string>() : "";
      if (tenant_groups != observed_.group_ids.end() && tenant_groups->second.count(name)) {
        principals.insert(tenant_groups->second.at(name));
        continue;
      }
      diagnostics_.error(resource.origin,
                         "group " + in_quotes(name) + " assigned by " + in_quotes(resource.address) +
                             " was not found in tenant " + in_quotes(resource.tenant) +
                             "; create the group or reference it by id",
                         "unknown-group");
    }
    fields["/principals"] = std::vector<std::string>(principals.begin(), principals.end());
    return fields;
  }

  static bool compared(const Resource& resource, const std::string& path) {
    return !(resource.kind == ResourceKind::AppRoleAssignments && path == "/groups");
  }

  Change base_change(const Resource& resource, Action action) const {
    Change change;
    change.address = resource.address;
    change.kind = resource.kind;
    change.tenant = resource.tenant;
    change.tenant_id = resource.tenant_id;
    change.partner = resource.partner;
    change.partner_id = resource.partner_id;
    change.link = resource.link;
    change.action = action;
    return change;
  }

  // Which links need the object: a pair object serves partner -> tenant (inbound,
  // identity sync) and tenant -> partner (outbound).
  std::string need_reason(const Resource& resource) const {
    std::string to_tenant = in_quotes(resource.partner) + " -> " + in_quotes(resource.tenant);
    std::string from_tenant = in_quotes(resource.tenant) + " -> " + in_quotes(resource.partner);
    bool inbound = resource.fields.contains(kInbound), outbound = resource.fields.contains(kOutbound);
    std::string links = "link " + from_tenant + " needs it";
    if (resource.kind == ResourceKind::IdentitySyncPolicy || (is_pair_kind(resource.kind) && !outbound))
      links = "link " + to_tenant + " needs it";
    if (resource.kind == ResourceKind::PartnerConfiguration && inbound && outbound)
      links = "links " + to_tenant + " and " + from_tenant + " need it";
    return links + origin_suffix(resource);
  }

  void add_create(const Resource& resource, const nlohmann::json& fields, std::string reason) {
    Change change = base_change(resource, Action::Create);
    change.reason = std::move(reason);
    // Each value is held once, in `after` (field_after()); with a desired state to take
    // from, the values are moved in at the end (take_deferred_fields), the paths now.
    bool deferred = takeable_ != nullptr;
    change.after = nlohmann::json::object();
    for (const auto& [path, value] : fields.items()) {
      change.after[path] = deferred ? nlohmann::json() : value;
      if (compared(resource, path)) change.fields.push_back({path, nullptr, nullptr, is_sensitive_path(path)});
    }
    changes_[resource.address] = std::move(change);
  }

  // The field values of the creates (all made by add_create while takeable_ was set),
  // moved out of the desired state (or, for app-role assignments, out of the resolved
  // fields): every other pass has read the desired state by now.
  void take_deferred_fields(Plan& plan) {
    if (!takeable_) return;
    for (Change& change : plan.changes) {
      if (change.action != Action::Create) continue;
      nlohmann::json* source = nullptr;
      if (auto cached = resolved_.find(change.address); cached != resolved_.end()) {
        source = &cached->second;
      } else {
        auto it = std::lower_bound(takeable_->resources.begin(), takeable_->resources.end(), change.address,
                                   [](const Resource& r, const std::string& a) { return r.address < a; });
        if (it != takeable_->resources.end() && it->address == change.address) source = &it->fields;
      }
      if (!source || !source->is_object()) continue;
      for (auto& [path, value] : change.after.items()) {
        auto taken = source->find(path);
        if (taken != source->end()) value = std::move(*taken);
      }
    }
  }

  // Assigning no one creates nothing: a link that syncs every user has no assignments.
  static bool nothing_to_create(const Resource& resource) {
    if (resource.kind != ResourceKind::AppRoleAssignments) return false;
    const nlohmann::json& fields = resource.fields;
    const char* path = fields.contains("/groups") ? "/groups" : "/principals";
    return fields.contains(path) && fields[path].empty();
  }

  // Whether any compared field differs from what was observed (no copies: an
  // unchanged object, the common case, costs only the comparisons).
  static bool differs(const Resource& resource, const nlohmann::json& fields, const ObservedResource& found) {
    for (const auto& [path, value] : fields.items())
      if (compared(resource, path) && observed_value(found, path) != value) return true;
    return false;
  }

  // A sync app observe adopted by name: it carries no ownership tag at all.
  static bool untagged_app(const Resource& resource, const ObservedResource& found) {
    if (resource.kind != ResourceKind::SyncApp || !found.resource.fields.is_object()) return false;
    auto tags = found.resource.fields.find("/tags");
    return tags != found.resource.fields.end() && tags->is_array() && tags->empty();
  }

  void diff_desired(const Resource& resource) {
    const nlohmann::json& fields = resolved_fields(resource);
    const ObservedResource* found = observed(resource.address);
    if (!found && nothing_to_create(resource)) return;
    if (!found) return add_create(resource, fields, need_reason(resource));
    if (!differs(resource, fields, *found)) return;
    Change change = base_change(resource, Action::Update);
    change.after = fields;
    change.before = found->resource.fields.is_object() ? found->resource.fields : nlohmann::json::object();
    change.ids = found->ids;
    std::vector<std::string> immutable, drift;
    for (const auto& [path, value] : fields.items()) {
      if (!compared(resource, path)) continue;
      const nlohmann::json& before = observed_value(*found, path);
      change.before[path] = before;
      if (before == value) continue;
      change.fields.push_back({path, before, value, is_sensitive_path(path)});
      if (is_immutable(resource.kind, path)) immutable.push_back(path);
      if (drifted(resource, path)) drift.push_back(path);
    }
    if (change.fields.empty()) return;
    if (!immutable.empty()) {
      change.action = Action::Replace;
      change.reason = in_quotes(immutable.front()) + " cannot be changed in place" + origin_suffix(resource);
    } else if (untagged_app(resource, *found)) {
      change.reason = "found by its name without the ownership tag (an apply stopped after creating it, or the tag "
                      "was removed): it is tagged, not created again";
    } else if (!drift.empty()) {
      change.drift = true;
      change.reason = "changed outside tenantform";
    } else {
      change.reason = "differs from the configuration" + origin_suffix(resource);
    }
    changes_[resource.address] = std::move(change);
  }

  // Link objects observed but not desired, and the orphans' objects.
  void collect_stale() {
    for (const auto& [address, object] : observed_.resources)
      if (!is_pair_kind(object.resource.kind) && !desired_.find(address)) stale_.emplace(address, object);
    for (const ObservedResource& orphan : observed_.orphans) {
      stale_.emplace(orphan.resource.address, orphan);
      if (orphan.resource.link) orphan_links_.insert(*orphan.resource.link);
    }
  }

  static std::string link_text(const Resource& resource) {
    std::string source = resource.tenant.empty() ? resource.link->source_tenant_id : resource.tenant;
    std::string target = resource.partner.empty() ? resource.link->target_tenant_id : resource.partner;
    return in_quotes(source) + " -> " + in_quotes(target);
  }

  bool goes_with_app(const Resource& resource) const {
    if (resource.kind != ResourceKind::SyncSecrets && resource.kind != ResourceKind::SyncJob &&
        resource.kind != ResourceKind::SyncSchema)
      return false;
    for (const auto& [address, object] : stale_)
      if (object.resource.kind == ResourceKind::SyncApp && object.resource.link == resource.link) return true;
    return false;
  }

  void add_delete(const ObservedResource& object, std::string reason) {
    Change change = base_change(object.resource, Action::Delete);
    change.reason = std::move(reason);
    change.before = object.resource.fields;
    change.after = nullptr;
    change.ids = object.ids;
    for (const auto& [path, value] : object.resource.fields.items())
      change.fields.push_back({path, value, nullptr, is_sensitive_path(path)});
    changes_[object.resource.address] = std::move(change);
  }

  void delete_stale() {
    for (const auto& [address, object] : stale_) {
      if (goes_with_app(object.resource)) continue;
      std::string reason = object.resource.link
                               ? "link " + link_text(object.resource) + " is no longer in the configuration"
                               : "no longer in the configuration";
      add_delete(object, reason);
    }
  }

  // For each orphan link source -> target: target's inbound flag and identity sync
  // policy for the source, and source's outbound flag for the target.
  void clean_up_after_orphans() {
    for (const LinkKey& link : orphan_links_) {
      for (const auto& [address, object] : observed_.resources) {
        const Resource& r = object.resource;
        bool target_side = r.tenant_id == link.target_tenant_id && r.partner_id == link.source_tenant_id;
        bool source_side = r.tenant_id == link.source_tenant_id && r.partner_id == link.target_tenant_id;
        if (r.kind == ResourceKind::IdentitySyncPolicy && target_side && !desired_.find(address))
          add_delete(object,
                     "no configured link needs it any more (link " + orphan_text(link) + " was removed)");
        if (r.kind == ResourceKind::PartnerConfiguration && (target_side || source_side))
          clear_partner_field(object, target_side ? kInbound : kOutbound, link);
        if (r.kind == ResourceKind::IdentitySyncPolicy || r.kind == ResourceKind::PartnerConfiguration)
          if (target_side || source_side) cleanup_of_[address].insert(link);
      }
    }
  }

  std::string orphan_text(const LinkKey& link) const {
    for (const auto& [address, object] : stale_)
      if (object.resource.link == link && object.resource.kind == ResourceKind::SyncApp)
        return link_text(object.resource);
    return in_quotes(link.source_tenant_id) + " -> " + in_quotes(link.target_tenant_id);
  }

  void clear_partner_field(const ObservedResource& object, const std::string& path, const LinkKey& link) {
    const Resource& r = object.resource;
    const Resource* wanted = desired_.find(r.address);
    if (wanted && wanted->fields.contains(path)) return;
    if (observed_value(object, path) != nlohmann::json(true)) return;
    auto it = changes_.find(r.address);
    if (it == changes_.end()) {
      Change change = base_change(r, Action::Update);
      change.before = r.fields;
      change.after = wanted ? resolved_fields(*wanted) : nlohmann::json::object();
      change.ids = object.ids;
      change.reason = "no configured link needs " + in_quotes(path) + " any more (link " + orphan_text(link) +
                      " was removed)";
      it = changes_.emplace(r.address, std::move(change)).first;
    }
    it->second.after[path] = false;
    if (it->second.before.is_object()) it->second.before[path] = true;
    it->second.fields.push_back({path, true, false, false});
    std::sort(it->second.fields.begin(), it->second.fields.end(),
              [](const FieldChange& a, const FieldChange& b) { return a.path < b.path; });
  }

  // Desired objects that depend (transitively) on a replaced one are created again.
  void recreate_after_replace() {
    std::map<std::string, std::string> gone;  // address -> the replaced object it goes with
    for (const auto& [address, change] : changes_)
      if (change.action == Action::Replace) gone[address] = address;
    bool grew = !gone.empty();
    while (grew) {
      grew = false;
      for (const Resource& resource : desired_.resources) {
        if (gone.count(resource.address)) continue;
        auto parent = std::find_if(resource.depends_on.begin(), resource.depends_on.end(),
                                   [&](const std::string& d) { return gone.count(d) > 0; });
        if (parent == resource.depends_on.end()) continue;
        std::string root = gone.at(*parent);
        gone[resource.address] = root;
        grew = true;
        const ObservedResource* found = observed(resource.address);
        add_create(resource, resolved_fields(resource),
                   "created again: it goes with " + in_quotes(root) + ", which is replaced");
        if (found) changes_[resource.address].ids = found->ids;
      }
    }
  }

  // A change to one object of a link can need the ids of another that is not in the
  // plan (secrets created for a sync app that already exists need its service
  // principal id): every change of a link gets the ids observed on that link, without
  // overriding its own.
  void share_link_ids() {
    std::map<LinkKey, std::map<std::string, std::string>> link_ids;
    for (const auto& [address, object] : observed_.resources)
      if (object.resource.link && desired_.find(address))
        link_ids[*object.resource.link].insert(object.ids.begin(), object.ids.end());
    for (auto& [address, change] : changes_) {
      if (!change.link || change.action == Action::Delete) continue;
      auto found = link_ids.find(*change.link);
      if (found != link_ids.end()) change.ids.insert(found->second.begin(), found->second.end());
    }
  }

  void report_notes() {
    for (const ObservedNote& note : observed_.notes)
      if (note.blocking)
        diagnostics_.error(
            Location{},
            in_quotes(note.address) + ": " + note.message + "; resolve it in the tenant, then plan again",
            "observe-conflict");
  }

  void check_destroy() {
    if (options_.allow_destroy) return;
    for (const auto& [address, change] : changes_) {
      if (change.action != Action::Delete && change.action != Action::Replace) continue;
      std::string verb = change.action == Action::Delete ? "destroy" : "destroy and recreate";
      diagnostics_.error(Location{},
                         "the plan would " + verb + " " + in_quotes(address) + " (" + change.reason +
                             "); pass --allow-destroy to allow it",
                         "destroy-not-allowed");
    }
  }

  Plan make_plan() const {
    Plan plan;
    plan.tool_version = options_.tool_version;
    plan.manifest_hash = options_.manifest_hash;
    plan.allow_destroy = options_.allow_destroy;
    plan.tenants = options_.tenants;
    plan.notes = observed_.notes;
    for (const auto& [address, object] : observed_.resources)
      if (!object.version.empty()) plan.versions[address] = object.version;
    for (const ObservedResource& orphan : observed_.orphans)
      if (!orphan.version.empty()) plan.versions[orphan.resource.address] = orphan.version;
    return plan;
  }

  // Predecessors of each change: what must run before it.
  std::map<std::string, std::set<std::string>> edges() const {
    std::map<std::string, std::set<std::string>> before;
    for (const auto& [address, change] : changes_) {
      before[address];
      if (change.action == Action::Delete) continue;
      const Resource* resource = desired_.find(address);
      if (resource) add_dependencies(*resource, before[address]);
    }
    add_delete_edges(before);
    return before;
  }

  // The changes `resource` waits for: its dependencies that are in the plan, and for
  // one that is not (it already matches), that one's own dependencies in turn, so a job
  // started after an unchanged schema still waits for the job being created before it.
  void add_dependencies(const Resource& resource, std::set<std::string>& out) const {
    // The common case (a new link: every dependency is created too) without the walk.
    bool all_planned = std::all_of(resource.depends_on.begin(), resource.depends_on.end(), [&](const std::string& d) {
      auto it = changes_.find(d);
      return it != changes_.end() && it->second.action != Action::Delete;
    });
    if (all_planned) {
      out.insert(resource.depends_on.begin(), resource.depends_on.end());
      return;
    }
    std::set<std::string> seen;
    std::vector<std::string> pending(resource.depends_on.begin(), resource.depends_on.end());
    while (!pending.empty()) {
      std::string dependency = std::move(pending.back());
      pending.pop_back();
      if (!seen.insert(dependency).second) continue;
      auto it = changes_.find(dependency);
      if (it != changes_.end() && it->second.action != Action::Delete) {
        out.insert(dependency);
        continue;
      }
      if (const Resource* unchanged = desired_.find(dependency))
        pending.insert(pending.end(), unchanged->depends_on.begin(), unchanged->depends_on.end());
    }
  }

  // Within a link, deletions run in reverse creation order; partner clean-up after
  // the removed link's objects are gone.
  void add_delete_edges(std::map<std::string, std::set<std::string>>& before) const {
    for (const auto& [a, x] : changes_) {
      if (x.action != Action::Delete || !x.link) continue;
      for (const auto& [b, y] : changes_)
        if (y.action == Action::Delete && y.link == x.link && creation_rank(y.kind) > creation_rank(x.kind))
          before[a].insert(b);
    }
    for (const auto& [address, links] : cleanup_of_) {
      if (!changes_.count(address)) continue;
      for (const auto& [b, y] : changes_)
        if (y.action == Action::Delete && y.link && links.count(*y.link)) before[address].insert(b);
    }
  }

  // Where a change is listed among those ready at the same time: the target side
  // (inbound partner settings, identity sync policies) before the source side, then the
  // link objects in creation order (deletions in the reverse), so a plan reads in the
  // order it is carried out.
  static int stage(const Change& change) {
    if (change.kind == ResourceKind::IdentitySyncPolicy) return 0;
    if (change.kind == ResourceKind::PartnerConfiguration) {
      const nlohmann::json& fields = change.after.is_object() ? change.after : change.before;
      bool outbound_only = fields.is_object() && fields.contains(kOutbound) && !fields.contains(kInbound);
      return outbound_only ? 1 : 0;
    }
    int rank = creation_rank(change.kind);
    return change.action == Action::Delete ? 1 + creation_rank(ResourceKind::JobState) - rank : 1 + rank;
  }

  // Kahn's algorithm over the changes by index: changes_ is sorted by address, so
  // the index order is the address order and ties break as (drift first, stage,
  // address) without copying an address per edge (a mesh has ~80,000 changes).
  void order(Plan& plan) {
    std::map<std::string, std::set<std::string>> before = edges();
    const std::size_t n = changes_.size();
    std::vector<std::map<std::string, Change>::iterator> items;
    std::vector<const std::set<std::string>*> predecessors;
    std::unordered_map<std::string_view, std::size_t> index;
    items.reserve(n);
    index.reserve(n);
    for (auto it = changes_.begin(); it != changes_.end(); ++it) {
      index.emplace(it->first, items.size());
      items.push_back(it);
    }
    predecessors.assign(n, nullptr);
    std::vector<std::vector<std::size_t>> after(n);
    std::vector<std::size_t> waiting(n, 0);
    for (const auto& [address, preds] : before) {
      std::size_t i = index.at(address);
      predecessors[i] = &preds;
      waiting[i] = preds.size();
      for (const std::string& p : preds) after[index.at(p)].push_back(i);
    }
    std::set<std::tuple<int, int, std::size_t>> ready;
    auto key = [&](std::size_t i) {
      const Change& c = items[i]->second;
      return std::tuple{c.drift ? 0 : 1, stage(c), i};
    };
    for (std::size_t i = 0; i < n; ++i)
      if (waiting[i] == 0) ready.insert(key(i));
    plan.changes.reserve(n);
    while (!ready.empty()) {
      std::size_t i = std::get<2>(*ready.begin());
      ready.erase(ready.begin());
      // Moved, not copied (a large plan's schemas are most of its memory): key()
      // reads only changes not yet taken, as a change becomes ready once.
      Change change = std::move(items[i]->second);
      if (predecessors[i]) change.depends_on.assign(predecessors[i]->begin(), predecessors[i]->end());
      plan.changes.push_back(std::move(change));
      changes_.erase(items[i]);  // its shell, freed at once (the other iterators stay valid)
      for (std::size_t next : after[i])
        if (--waiting[next] == 0) ready.insert(key(next));
    }
    if (plan.changes.size() == n) return;
    for (std::size_t i = 0; i < n; ++i)
      if (waiting[i] > 0)
        diagnostics_.error(Location{},
                           "internal error: " + in_quotes(items[i]->first) + " is part of a dependency cycle",
                           "dependency-cycle");
  }

  const DesiredState& desired_;
  DesiredState* takeable_ = nullptr;  // set by diff(DesiredState&&): the same object as desired_
  const ObservedState& observed_;
  const DiffOptions& options_;
  Diagnostics& diagnostics_;
  std::map<std::string, Change> changes_;
  std::map<std::string, nlohmann::json> resolved_;  // address -> resolved desired fields
  std::map<std::string, ObservedResource> stale_;
  std::set<LinkKey> orphan_links_;
  std::map<std::string, std::set<LinkKey>> cleanup_of_;  // pair address -> removed links it served
  std::optional<std::set<LinkKey>> established_;  // links whose sync app exists (link_established)
};

std::optional<std::string> secret_of(const std::optional<manifest::SecretRef>& ref,
                                     manifest::SecretKind kind) {
  if (!ref || ref->kind != kind) return std::nullopt;
  return ref->value;
}

}  // namespace

Plan diff(const DesiredState& desired, const ObservedState& observed, const DiffOptions& options,
          Diagnostics& diagnostics) {
  return Differ(desired, observed, options, diagnostics).run();
}

Plan diff(DesiredState&& desired, const ObservedState& observed, const DiffOptions& options,
          Diagnostics& diagnostics) {
  Differ differ(desired, observed, options, diagnostics);
  differ.take_fields_from(desired);
  return differ.run();
}

std::vector<PlanTenant> plan_tenants(const manifest::Model& model) {
  std::vector<PlanTenant> tenants;
  for (const manifest::Tenant& tenant : model.tenants) {
    PlanTenant t{tenant.name, tenant.id, manifest::cloud_name(tenant.cloud), {}, {}, {}, {}, {}};
    if (tenant.auth) {
      t.client_id = tenant.auth->client_id;
      t.secret_env = secret_of(tenant.auth->client_secret, manifest::SecretKind::Environment);
      t.secret_file = secret_of(tenant.auth->client_secret, manifest::SecretKind::File);
      t.certificate_env = secret_of(tenant.auth->certificate, manifest::SecretKind::Environment);
      t.certificate_file = secret_of(tenant.auth->certificate, manifest::SecretKind::File);
    }
    tenants.push_back(std::move(t));
  }
  std::sort(tenants.begin(), tenants.end(),
            [](const PlanTenant& a, const PlanTenant& b) { return a.name < b.name; });
  return tenants;
}

bool is_sensitive_path(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"secret", "password", "token"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace tf::plan
