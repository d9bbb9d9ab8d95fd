// Topology expansion: candidates per (source, target), then conflict resolution.
#include "compiler/manifest/expand.h"

#include <map>

#include "compiler/manifest/languages.h"

namespace tf::manifest {

std::string describe(const LinkOrigin& origin) {
  const char* kind = origin.kind == OriginKind::Hub ? "hub" : origin.kind == OriginKind::Mesh ? "mesh" : "link";
  return std::string(kind) + " '" + origin.name + "'";
}

namespace {

using Pair = std::pair<std::string, std::string>;

std::optional<std::string> name_of(const std::optional<Reference>& ref) {
  if (!ref) return std::nullopt;
  return ref->name;
}

DirectedLink make_link(const std::string& source, const std::string& target, const SyncSettings& sync,
                       LinkOrigin origin) {
  return DirectedLink{source, target, name_of(sync.mapping), name_of(sync.scope), name_of(sync.threshold),
                      std::move(origin)};
}

// The mesh's settings with `over`'s fields taking precedence.
SyncSettings merged(const SyncSettings& base, const SyncSettings& over) {
  SyncSettings out = base;
  if (over.mapping) out.mapping = over.mapping;
  if (over.scope) out.scope = over.scope;
  if (over.threshold) out.threshold = over.threshold;
  return out;
}

class Expander {
 public:
  explicit Expander(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  void add_hub(const Hub& hub) {
    LinkOrigin origin{OriginKind::Hub, hub.name, hub.location};
    for (const Reference& spoke : hub.spokes) {
      if (hub.pattern == HubPattern::UserHub) add(make_link(hub.hub.name, spoke.name, hub.sync, origin));
      else add(make_link(spoke.name, hub.hub.name, hub.sync, origin));
    }
  }

  void add_mesh(const Mesh& mesh) {
    LinkOrigin origin{OriginKind::Mesh, mesh.name, mesh.location};
    for (const Reference& source : mesh.members) {
      SyncSettings sync = mesh.sync;
      for (const MeshOverride& o : mesh.overrides)
        if (o.member.name == source.name) sync = merged(mesh.sync, o.sync);
      for (const Reference& target : mesh.members)
        if (source.name != target.name) add(make_link(source.name, target.name, sync, origin));
    }
  }

  void add_link(const Link& link) {
    add(make_link(link.from.name, link.to.name, link.sync, LinkOrigin{OriginKind::Link, link.name, link.location}));
  }

  Topology resolve() {
    Topology out;
    for (auto& [pair, candidates] : candidates_)
      if (std::optional<DirectedLink> winner = choose(pair, candidates)) out.links.push_back(std::move(*winner));
    return out;
  }

 private:
  void add(DirectedLink link) {
    candidates_[Pair{link.source, link.target}].push_back(std::move(link));
  }

  static std::string arrow(const Pair& pair) { return "link '" + pair.first + "' -> '" + pair.second + "'"; }

  std::optional<DirectedLink> choose(const Pair& pair, std::vector<DirectedLink>& candidates) {
    std::vector<DirectedLink*> explicit_links, generated;
    for (DirectedLink& c : candidates)
      (c.origin.kind == OriginKind::Link ? explicit_links : generated).push_back(&c);
    if (explicit_links.size() > 1) {
      report_conflict(pair, *explicit_links[0], *explicit_links[1]);
      return std::nullopt;
    }
    if (explicit_links.size() == 1) {
      for (const DirectedLink* g : generated) report_override(pair, *g, *explicit_links[0]);
      return *explicit_links[0];
    }
    if (generated.size() > 1) {
      report_conflict(pair, *generated[0], *generated[1]);
      return std::nullopt;
    }
    return *generated[0];
  }

  void report_conflict(const Pair& pair, const DirectedLink& first, const DirectedLink& second) {
    diagnostics_
        .error(second.origin.location,
               arrow(pair) + " is produced by both " + describe(first.origin) + " and " + describe(second.origin) +
                   "; remove it from one of them, or declare it under 'links' to choose its settings",
               "duplicate-link")
        .note(first.origin.location, describe(first.origin) + " also produces it");
  }

  void report_override(const Pair& pair, const DirectedLink& generated, const DirectedLink& winner) {
    Diagnostic note{Severity::Note, winner.origin.location,
                    arrow(pair) + " from " + describe(generated.origin) + " is overridden by " +
                        describe(winner.origin),
                    "link-override", {}};
    note.note(generated.origin.location, describe(generated.origin) + " is defined here");
    diagnostics_.add(std::move(note));
  }

  Diagnostics& diagnostics_;
  std::map<Pair, std::vector<DirectedLink>> candidates_;
};

}  // namespace

std::optional<Topology> expand_topology(const Model& model, Diagnostics& diagnostics) {
  Diagnostics found;
  Expander expander(found);
  for (const Hub& hub : model.hubs) expander.add_hub(hub);
  for (const Mesh& mesh : model.meshes) expander.add_mesh(mesh);
  for (const Link& link : model.links) expander.add_link(link);
  Topology topology = expander.resolve();
  if (!found.has_errors()) check_link_substitutions(model, topology, found);
  found.sort_by_location();
  diagnostics.append(found);
  if (found.has_errors()) return std::nullopt;
  return topology;
}

}  // namespace tf::manifest
