// Mermaid and DOT pictures of a topology.
#include <doctest/doctest.h>

#include "compiler/manifest/topology_graph.h"
#include "tests/manifest/support.h"

using namespace tf;
using namespace tf::manifest;
using namespace tf::manifest::test;

namespace {

struct Compiled {
  Model model;
  Topology topology;
};

Compiled compile(const std::string& yaml) {
  Diagnostics diagnostics;
  std::string text = std::string(kTenants) + yaml;
  auto model = check_text(text, diagnostics);
  REQUIRE(model.has_value());
  auto topology = expand_topology(*model, diagnostics);
  REQUIRE(topology.has_value());
  return {std::move(*model), std::move(*topology)};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const char* kTopology =
    "mappings:\n  m:\nhubs:\n  corp: { hub: contoso, spokes: [fabrikam], pattern: user-hub, sync: { mapping: m } }\n"
    "meshes:\n  emea: { members: [contoso, northwind] }\n";

}  // namespace

TEST_CASE("graph: mermaid draws groups, every tenant once, and labelled arrows") {
  Compiled c = compile(kTopology);
  std::string out = render_topology(c.model, c.topology, GraphFormat::Mermaid);
  CHECK(out.rfind("flowchart LR\n", 0) == 0);
  CHECK(out.find("subgraph hub_corp[\"hub corp (user-hub)\"]") != std::string::npos);
  CHECK(out.find("subgraph mesh_emea[\"mesh emea\"]") != std::string::npos);
  CHECK(count(out, "t_contoso[\"contoso\"]") == 1);  // in the hub's group only
  CHECK(out.find("t_contoso -->|\"m / default\"| t_fabrikam") != std::string::npos);
  CHECK(out.find("t_northwind -->|\"default / default\"| t_contoso") != std::string::npos);
  CHECK(count(out, "-->") == 3);
}

TEST_CASE("graph: a tenant in two groups is drawn in the first, hubs before meshes") {
  Compiled c = compile(kTopology);
  std::string out = render_topology(c.model, c.topology, GraphFormat::Mermaid);
  std::size_t mesh = out.find("subgraph mesh_emea");
  CHECK(out.find("t_contoso[") < mesh);
  CHECK(out.find("t_northwind[") > mesh);
}

TEST_CASE("graph: dot draws clusters and quoted, labelled edges") {
  Compiled c = compile(kTopology);
  std::string out = render_topology(c.model, c.topology, GraphFormat::Dot);
  CHECK(out.rfind("digraph tenantform {\n", 0) == 0);
  CHECK(out.find("subgraph \"cluster_hub_corp\" {") != std::string::npos);
  CHECK(out.find("\"contoso\" -> \"fabrikam\" [label=\"m / default\"];") != std::string::npos);
  CHECK(count(out, " -> ") == 3);
  CHECK(out.back() == '\n');
}

TEST_CASE("graph: tenants outside every group are drawn at top level") {
  Compiled c = compile("links:\n  l: { from: contoso, to: fabrikam }\n");
  std::string out = render_topology(c.model, c.topology, GraphFormat::Mermaid);
  CHECK(out.find("subgraph") == std::string::npos);
  CHECK(out.find("  t_northwind[\"northwind\"]\n") != std::string::npos);
}

TEST_CASE("graph: the order in which groups are defined does not change the picture") {
  const char* hubs_a = "hubs:\n  a: { hub: contoso, spokes: [fabrikam], pattern: user-hub }\n"
                       "  b: { hub: northwind, spokes: [fabrikam], pattern: application-hub }\n";
  const char* hubs_b = "hubs:\n  b: { hub: northwind, spokes: [fabrikam], pattern: application-hub }\n"
                       "  a: { hub: contoso, spokes: [fabrikam], pattern: user-hub }\n";
  Compiled first = compile(hubs_a), second = compile(hubs_b);
  for (GraphFormat format : {GraphFormat::Mermaid, GraphFormat::Dot})
    CHECK(render_topology(first.model, first.topology, format) ==
          render_topology(second.model, second.topology, format));
}
