// Topology expansion: hubs, meshes, partial-mesh overrides, explicit links, conflicts.
#include <doctest/doctest.h>

#include "tests/manifest/support.h"

using namespace tf;
using namespace tf::manifest;
using namespace tf::manifest::test;

namespace {

std::vector<std::string> arrows(const Topology& topology) {
  std::vector<std::string> out;
  for (const DirectedLink& l : topology.links) out.push_back(l.source + ">" + l.target);
  return out;
}

Topology expand_ok(const std::string& topology_yaml, Diagnostics& diagnostics) {
  auto topology = expand_text(std::string(kTenants) + topology_yaml, diagnostics);
  REQUIRE(topology.has_value());
  return *topology;
}

}  // namespace

TEST_CASE("expand: a user hub links the hub to each spoke, an application hub each spoke to the hub") {
  Diagnostics diagnostics;
  Topology user = expand_ok("hubs:\n  h: { hub: contoso, spokes: [northwind, fabrikam], pattern: user-hub }\n",
                            diagnostics);
  CHECK(arrows(user) == std::vector<std::string>{"contoso>fabrikam", "contoso>northwind"});
  Topology app = expand_ok("hubs:\n  h: { hub: contoso, spokes: [northwind, fabrikam], pattern: application-hub }\n",
                           diagnostics);
  CHECK(arrows(app) == std::vector<std::string>{"fabrikam>contoso", "northwind>contoso"});
  CHECK(app.links[0].origin.kind == OriginKind::Hub);
  CHECK(app.links[0].origin.name == "h");
}

TEST_CASE("expand: a mesh links every ordered pair, sorted by source and target") {
  Diagnostics diagnostics;
  Topology t = expand_ok("meshes:\n  m: { members: [northwind, contoso, fabrikam] }\n", diagnostics);
  CHECK(arrows(t) == std::vector<std::string>{"contoso>fabrikam", "contoso>northwind", "fabrikam>contoso",
                                              "fabrikam>northwind", "northwind>contoso", "northwind>fabrikam"});
}

TEST_CASE("expand: a partial mesh overrides settings field by field for links from one member") {
  Diagnostics diagnostics;
  Topology t = expand_ok(
      "mappings:\n  m1:\n  m2:\nscopes:\n  s1:\n  s2:\n"
      "meshes:\n  m:\n    members: [contoso, fabrikam]\n    sync: { mapping: m1, scope: s1 }\n"
      "    from:\n      fabrikam: { scope: s2 }\n",
      diagnostics);
  REQUIRE(t.links.size() == 2);
  CHECK(t.links[0].source == "contoso");
  CHECK(t.links[0].scope == std::optional<std::string>("s1"));
  CHECK(t.links[1].source == "fabrikam");
  CHECK(t.links[1].scope == std::optional<std::string>("s2"));
  CHECK(t.links[1].mapping == std::optional<std::string>("m1"));
}

TEST_CASE("expand: an explicit link wins over a mesh and the override is reported as a note") {
  Diagnostics diagnostics;
  Topology t = expand_ok(
      "scopes:\n  s:\nmeshes:\n  m: { members: [contoso, fabrikam] }\n"
      "links:\n  x: { from: fabrikam, to: contoso, sync: { scope: s } }\n",
      diagnostics);
  REQUIRE(t.links.size() == 2);
  CHECK(t.links[1].origin.kind == OriginKind::Link);
  CHECK(t.links[1].scope == std::optional<std::string>("s"));
  CHECK_FALSE(diagnostics.has_errors());
  REQUIRE(has_code(diagnostics, "link-override"));
  const Diagnostic& note = diagnostics.items().back();
  CHECK(note.severity == Severity::Note);
  CHECK(note.message == "link 'fabrikam' -> 'contoso' from mesh 'm' is overridden by link 'x'");
}

TEST_CASE("expand: two generated producers of one link are an error naming both") {
  Diagnostics diagnostics;
  auto t = expand_text(std::string(kTenants) +
                           "hubs:\n  h: { hub: contoso, spokes: [fabrikam], pattern: user-hub }\n"
                           "meshes:\n  m: { members: [contoso, fabrikam] }\n",
                       diagnostics);
  CHECK_FALSE(t.has_value());
  REQUIRE(diagnostics.error_count() == 1);
  const Diagnostic& d = diagnostics.items()[0];
  CHECK(d.code == "duplicate-link");
  CHECK(d.message.find("hub 'h'") != std::string::npos);
  CHECK(d.message.find("mesh 'm'") != std::string::npos);
  CHECK(d.notes.size() == 1);
}

TEST_CASE("expand: two explicit links between the same tenants are an error") {
  Diagnostics diagnostics;
  auto t = expand_text(std::string(kTenants) +
                           "links:\n  a: { from: contoso, to: fabrikam }\n  b: { from: contoso, to: fabrikam }\n",
                       diagnostics);
  CHECK_FALSE(t.has_value());
  CHECK(has_code(diagnostics, "duplicate-link"));
}
