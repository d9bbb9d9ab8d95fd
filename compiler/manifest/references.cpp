// Reference and topology-shape checks over a decoded Model.
#include "compiler/manifest/references.h"

#include <map>
#include <set>

#include "compiler/manifest/decoder.h"

namespace tf::manifest {

namespace {

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& item : items) out.push_back(item.name);
  return out;
}

class ReferenceChecker {
 public:
  ReferenceChecker(const Model& model, Diagnostics& diagnostics)
      : model_(model),
        diagnostics_(diagnostics),
        tenants_(names_of(model.tenants)),
        mappings_(names_of(model.mappings)),
        scopes_(names_of(model.scopes)),
        thresholds_(names_of(model.thresholds)) {}

  void run() {
    for (const Hub& hub : model_.hubs) check_hub(hub);
    for (const Mesh& mesh : model_.meshes) check_mesh(mesh);
    for (const Link& link : model_.links) check_link(link);
    check_tenant_ids();
    if (diagnostics_.has_errors()) return;  // a misspelt reference would make its target look unused
    warn_unused("mapping", model_.mappings, used_mappings_);
    warn_unused("scope", model_.scopes, used_scopes_);
    warn_unused("threshold", model_.thresholds, used_thresholds_);
  }

 private:
  void resolve(const Reference& ref, const char* noun, const std::vector<std::string>& known,
               const std::string& owner, const char* section) {
    if (ref.name.empty()) return;  // already reported while decoding
    for (const std::string& k : known)
      if (k == ref.name) return;
    std::string hint = did_you_mean(ref.name, known);
    if (hint.empty()) hint = "; define it under '" + std::string(section) + "'";
    diagnostics_.error(ref.location, "undefined " + std::string(noun) + " '" + ref.name + "' in " + owner + hint,
                       "undefined-reference");
  }

  void tenant(const Reference& ref, const std::string& owner) { resolve(ref, "tenant", tenants_, owner, "tenants"); }

  void sync(const SyncSettings& sync, const std::string& owner) {
    std::string where = "the sync settings of " + owner;
    if (sync.mapping) {
      resolve(*sync.mapping, "mapping", mappings_, where, "mappings");
      used_mappings_.insert(sync.mapping->name);
    }
    if (sync.scope) {
      resolve(*sync.scope, "scope", scopes_, where, "scopes");
      used_scopes_.insert(sync.scope->name);
    }
    if (sync.threshold) {
      resolve(*sync.threshold, "threshold", thresholds_, where, "thresholds");
      used_thresholds_.insert(sync.threshold->name);
    }
  }

  // Each tenant of `list` once; returns the distinct names.
  std::set<std::string> distinct(const std::vector<Reference>& list, const char* role, const std::string& owner) {
    std::map<std::string, Location> seen;
    for (const Reference& ref : list) {
      auto [it, inserted] = seen.emplace(ref.name, ref.location);
      if (inserted) continue;
      diagnostics_.error(ref.location,
                         std::string(role) + " '" + ref.name + "' is listed twice in " + owner + "; remove one",
                         "duplicate-member")
          .note(it->second, "'" + ref.name + "' is first listed here");
    }
    std::set<std::string> out;
    for (const auto& [name, where] : seen) out.insert(name);
    return out;
  }

  void check_hub(const Hub& hub) {
    std::string owner = "hub '" + hub.name + "'";
    tenant(hub.hub, owner);
    for (const Reference& spoke : hub.spokes) {
      tenant(spoke, owner);
      if (!spoke.name.empty() && spoke.name == hub.hub.name)
        diagnostics_.error(spoke.location,
                           owner + " lists its hub tenant '" + spoke.name +
                               "' as a spoke; a tenant cannot be linked to itself",
                           "self-link");
    }
    distinct(hub.spokes, "spoke", owner);
    sync(hub.sync, owner);
  }

  void check_mesh(const Mesh& mesh) {
    std::string owner = "mesh '" + mesh.name + "'";
    for (const Reference& member : mesh.members) tenant(member, owner);
    std::set<std::string> members = distinct(mesh.members, "member", owner);
    if (members.size() < 2)
      diagnostics_.error(mesh.location,
                         owner + " has " + std::to_string(members.size()) + " member" +
                             (members.size() == 1 ? "" : "s") +
                             "; a mesh needs at least two (for one direction, use an entry under 'links')",
                         "small-mesh");
    sync(mesh.sync, owner);
    std::vector<std::string> member_list(members.begin(), members.end());
    for (const MeshOverride& o : mesh.overrides) {
      if (!members.count(o.member.name)) {
        std::string hint = did_you_mean(o.member.name, member_list);
        diagnostics_.error(o.member.location,
                           "'from' of " + owner + " names '" + o.member.name + "', which is not a member of " +
                               owner + (hint.empty() ? "; members are " + one_of(member_list) : hint),
                           "undefined-reference");
      }
      sync(o.sync, "'from: " + o.member.name + "' of " + owner);
    }
  }

  void check_link(const Link& link) {
    std::string owner = "link '" + link.name + "'";
    tenant(link.from, owner);
    tenant(link.to, owner);
    if (!link.from.name.empty() && link.from.name == link.to.name)
      diagnostics_.error(link.to.location,
                         owner + " goes from tenant '" + link.from.name + "' to itself; a tenant cannot be linked "
                         "to itself",
                         "self-link");
    sync(link.sync, owner);
  }

  void check_tenant_ids() {
    std::map<std::string, const Tenant*> by_id;
    for (const Tenant& t : model_.tenants) {
      if (t.id.empty()) continue;
      auto [it, inserted] = by_id.emplace(t.id, &t);
      if (inserted) continue;
      diagnostics_.error(t.id_location,
                         "tenant '" + t.name + "' has the same id as tenant '" + it->second->name +
                             "'; each tenant must be defined once",
                         "duplicate-tenant-id")
          .note(it->second->id_location, "tenant '" + it->second->name + "' has this id");
    }
  }

  template <typename T>
  void warn_unused(const char* noun, const std::vector<T>& items, const std::set<std::string>& used) {
    for (const T& item : items)
      if (!used.count(item.name))
        diagnostics_.warning(item.location,
                             std::string(noun) + " '" + item.name + "' is not used by any hub, mesh or link",
                             "unused");
  }

  const Model& model_;
  Diagnostics& diagnostics_;
  std::vector<std::string> tenants_, mappings_, scopes_, thresholds_;
  std::set<std::string> used_mappings_, used_scopes_, used_thresholds_;
};

}  // namespace

void check_references(const Model& model, Diagnostics& diagnostics) { ReferenceChecker(model, diagnostics).run(); }

}  // namespace tf::manifest
