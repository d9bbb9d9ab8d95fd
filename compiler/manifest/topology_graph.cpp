// Mermaid and DOT output of a topology: grouping once, two small writers.
#include "compiler/manifest/topology_graph.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace tf::manifest {

namespace {

struct Group {
  std::string id;     // unique, [A-Za-z0-9_]
  std::string title;  // "hub corp (user-hub)"
  std::vector<std::string> tenants;
};

struct Layout {
  std::vector<Group> groups;
  std::vector<std::string> loose;           // tenants in no group, in name order
  std::map<std::string, std::string> ids;   // tenant name -> node id
};

std::string identifier(const std::string& prefix, const std::string& name) {
  std::string out = prefix;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

std::map<std::string, std::string> node_ids(const Model& model) {
  std::vector<std::string> names;
  for (const Tenant& t : model.tenants) names.push_back(t.name);
  std::sort(names.begin(), names.end());
  std::map<std::string, std::string> out;
  std::set<std::string> used;
  for (const std::string& name : names) {
    std::string id = identifier("t_", name);
    for (int n = 2; used.count(id); ++n) id = identifier("t_", name) + "_" + std::to_string(n);
    used.insert(id);
    out[name] = id;
  }
  return out;
}

template <typename T>
std::vector<const T*> by_name(const std::vector<T>& items) {
  std::vector<const T*> out;
  for (const T& item : items) out.push_back(&item);
  std::sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->name < b->name; });
  return out;
}

Layout layout(const Model& model) {
  Layout out;
  out.ids = node_ids(model);
  std::set<std::string> placed;
  auto claim = [&](Group& group, const std::string& tenant) {
    if (placed.insert(tenant).second) group.tenants.push_back(tenant);
  };
  for (const Hub* hub : by_name(model.hubs)) {
    Group g{identifier("hub_", hub->name), "hub " + hub->name + " (" + hub_pattern_name(hub->pattern) + ")", {}};
    claim(g, hub->hub.name);
    for (const Reference& spoke : hub->spokes) claim(g, spoke.name);
    out.groups.push_back(std::move(g));
  }
  for (const Mesh* mesh : by_name(model.meshes)) {
    Group g{identifier("mesh_", mesh->name), "mesh " + mesh->name, {}};
    for (const Reference& member : mesh->members) claim(g, member.name);
    out.groups.push_back(std::move(g));
  }
  for (const auto& [name, id] : out.ids)
    if (!placed.count(name)) out.loose.push_back(name);
  return out;
}

std::string edge_label(const DirectedLink& link) {
  return link.mapping.value_or("default") + " / " + link.scope.value_or("default");
}

std::string mermaid(const Model& model, const Topology& topology) {
  Layout l = layout(model);
  std::string out = "flowchart LR\n";
  auto node = [&](const std::string& tenant, const char* indent) {
    out += indent + l.ids[tenant] + "[\"" + tenant + "\"]\n";
  };
  for (const Group& g : l.groups) {
    out += "  subgraph " + g.id + "[\"" + g.title + "\"]\n";
    for (const std::string& t : g.tenants) node(t, "    ");
    out += "  end\n";
  }
  for (const std::string& t : l.loose) node(t, "  ");
  for (const DirectedLink& link : topology.links)
    out += "  " + l.ids[link.source] + " -->|\"" + edge_label(link) + "\"| " + l.ids[link.target] + "\n";
  return out;
}

std::string dot_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string dot(const Model& model, const Topology& topology) {
  Layout l = layout(model);
  std::string out = "digraph tenantform {\n  rankdir=LR;\n  node [shape=box];\n";
  for (const Group& g : l.groups) {
    out += "  subgraph " + dot_string("cluster_" + g.id) + " {\n    label=" + dot_string(g.title) + ";\n";
    for (const std::string& t : g.tenants) out += "    " + dot_string(t) + ";\n";
    out += "  }\n";
  }
  for (const std::string& t : l.loose) out += "  " + dot_string(t) + ";\n";
  for (const DirectedLink& link : topology.links)
    out += "  " + dot_string(link.source) + " -> " + dot_string(link.target) + " [label=" +
           dot_string(edge_label(link)) + "];\n";
  return out + "}\n";
}

}  // namespace

std::string render_topology(const Model& model, const Topology& topology, GraphFormat format) {
  return format == GraphFormat::Mermaid ? mermaid(model, topology) : dot(model, topology);
}

}  // namespace tf::manifest
