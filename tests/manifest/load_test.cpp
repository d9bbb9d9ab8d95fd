// Loading: files and directories, merging sections, names defined twice.
#include <doctest/doctest.h>

#include "compiler/manifest/load.h"
#include "tests/manifest/support.h"
#include "tests/support/util.h"

using namespace tf;
using namespace tf::manifest;
using tf::manifest::test::load_texts;

TEST_CASE("load: sections merge across files, in file order") {
  Diagnostics diagnostics;
  auto manifest = load_texts({{"a.yaml", "tenants:\n  b-tenant: { id: x }\n"},
                              {"b.yaml", "tenants:\n  a-tenant: { id: y }\nlinks:\n  l: {}\n"}},
                             diagnostics);
  REQUIRE(manifest.has_value());
  const auto& tenants = manifest->section(Section::Tenants);
  REQUIRE(tenants.size() == 2);
  CHECK(tenants[0].name == "b-tenant");
  CHECK(tenants[1].name == "a-tenant");
  CHECK(tenants[1].name_location.path() == "b.yaml");
  CHECK(manifest->section(Section::Links).size() == 1);
}

TEST_CASE("load: a name defined in two files is an error citing both") {
  Diagnostics diagnostics;
  auto manifest = load_texts({{"a.yaml", "scopes:\n  s: {}\n"}, {"b.yaml", "\nscopes:\n  s: {}\n"}}, diagnostics);
  CHECK_FALSE(manifest.has_value());
  REQUIRE(diagnostics.error_count() == 1);
  const Diagnostic& d = diagnostics.items()[0];
  CHECK(d.code == "duplicate-name");
  CHECK(d.location.path() == "b.yaml");
  CHECK(d.location.line == 3);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].location.path() == "a.yaml");
}

TEST_CASE("load: the same name in two sections is no conflict") {
  Diagnostics diagnostics;
  CHECK(load_texts({{"a.yaml", "scopes:\n  x: {}\nmappings:\n  x: {}\n"}}, diagnostics).has_value());
}

TEST_CASE("load: an unknown section is an error with a suggestion") {
  Diagnostics diagnostics;
  CHECK_FALSE(load_texts({{"a.yaml", "meshs: {}\n"}}, diagnostics).has_value());
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].message == "unknown section 'meshs'; did you mean 'meshes'?");
}

TEST_CASE("load: syntax errors of every file are reported, not only the first file's") {
  Diagnostics diagnostics;
  CHECK_FALSE(load_texts({{"a.yaml", "a: b: c\n"}, {"b.yaml", "x: [\n"}}, diagnostics).has_value());
  CHECK(diagnostics.error_count() == 2);
}

TEST_CASE("load: a directory is read non-recursively, *.yaml and *.yml in path order") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "b.yml", "tenants:\n  second: { id: y }\n");
  tf::test::write_file(dir.path() / "a.yaml", "tenants:\n  first: { id: x }\n");
  tf::test::write_file(dir.path() / "notes.txt", "tenants: [not read]\n");
  tf::test::write_file(dir.path() / "sub" / "c.yaml", "tenants:\n  nested: { id: z }\n");
  Diagnostics diagnostics;
  auto manifest = load_manifest(dir.path().string(), diagnostics);
  REQUIRE(manifest.has_value());
  const auto& tenants = manifest->section(Section::Tenants);
  REQUIRE(tenants.size() == 2);
  CHECK(tenants[0].name == "first");
  CHECK(tenants[1].name == "second");
}

TEST_CASE("load: a missing path and an empty directory are errors without a location") {
  tf::test::TempDir dir;
  Diagnostics missing;
  CHECK_FALSE(load_manifest((dir.path() / "nope").string(), missing).has_value());
  REQUIRE(missing.error_count() == 1);
  CHECK_FALSE(missing.items()[0].location.valid());
  Diagnostics empty;
  CHECK_FALSE(load_manifest(dir.path().string(), empty).has_value());
  CHECK(empty.items().at(0).code == "no-files");
}
