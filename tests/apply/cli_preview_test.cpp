// `tenantform preview` end to end on examples/merger-one-way against the emulator:
// what it predicts for each source user (created with these properties, updated from
// this value to that, removed) is what the emulator's next provisioning cycle after
// `apply` does, for a new link and for a change of mapping and scope; once applied and
// synchronized, there is nothing left to preview. The emulator's engine and preview
// share compiler/provision, so this checks the reads and the glue around it: the
// before/after configurations, group members, the $select of the properties read.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "tests/apply/apply_support.h"

using namespace tf::apply::test;
using nlohmann::json;

namespace {

std::filesystem::path example_dir() {
  return tf::test::source_dir() / "examples" / "merger-one-way";
}

tf::test::ProcessResult tenantform(const std::vector<std::string>& args) {
  return tf::test::run_tenantform(args, "",
                                  {{"CONTOSO_SECRET", kContosoSecret}, {"FABRIKAM_SECRET", kFabrikamSecret}});
}

// Contoso's users synchronized from fabrikam, by their source user's id.
std::map<std::string, json> synced_users(const Emulator& emulator) {
  json tenant =
      json::parse(tf::test::request("GET", emulator.url() + "/_emulator/tenants/" + kContosoId, {}, "").body);
  std::map<std::string, json> out;
  for (const auto& [id, user] : tenant["users"].items())
    if (user.contains("_source") && user["_source"].value("tenantId", "") == kFabrikamId)
      out[user["_source"].value("userId", "")] = user;
  return out;
}

json preview_json(const Emulator& emulator, const std::string& path) {
  tf::test::ProcessResult run =
      tenantform({"preview", path, "--emulator", emulator.url(), "--format", "json"});
  INFO(run.out, run.err);
  REQUIRE(run.exit_code == 0);
  json document = json::parse(run.out);
  REQUIRE(document["links"].size() == 1);
  return document["links"][0];
}

const json* delta(const json& user, const std::string& name) {
  for (const json& a : user["attributes"])
    if (a["name"] == name) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("cli preview: each user's predicted outcome is what the next cycle after apply does") {
  Emulator emulator;

  // A new link: every user in scope is created, with the properties shown.
  json link = preview_json(emulator, example_dir().string());
  CHECK(link["new_link"] == true);
  CHECK(link["deletion_threshold"] == 20);
  std::map<std::string, json> created;
  for (const json& user : link["users"]) {
    CHECK(user["action"] == "create");
    created[user["id"]] = user;
  }
  REQUIRE(created.size() >= 2);
  CHECK(link["counts"]["create"] == created.size());
  CHECK(link["counts"]["out_of_scope"].get<int>() > 0);  // not assigned, abroad, or Legal

  REQUIRE(tenantform({"apply", example_dir().string(), "--emulator", emulator.url(), "--auto-approve"})
              .exit_code == 0);
  tf::test::run_cycle(emulator.url());
  std::map<std::string, json> synced = synced_users(emulator);
  CHECK(synced.size() == created.size());
  for (const auto& [id, user] : created) {
    CAPTURE(user["name"]);
    REQUIRE(synced.count(id));
    for (const char* name : {"displayName", "userPrincipalName", "companyName", "mail"}) {
      CAPTURE(name);
      REQUIRE(delta(user, name));
      CHECK(synced[id][name] == (*delta(user, name))["after"]);
    }
  }

  // Applied and synchronized: nothing to preview.
  tf::test::ProcessResult quiet =
      tenantform({"preview", example_dir().string(), "--emulator", emulator.url(), "--detailed-exitcode"});
  INFO(quiet.out, quiet.err);
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.out.find("no change to what is synchronized") != std::string::npos);

  // Wave 1 narrows to the US and the display name changes form.
  tf::test::TempDir dir;
  std::string text = tf::test::read_file(example_dir() / "merger.yaml");
  auto replace = [&text](const std::string& from, const std::string& to) {
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
  };
  replace(R"x(country in ["US", "CA"])x", R"x(country in ["US"])x");
  replace(R"x("(${source.domain})")x", R"x("[${source.domain}]")x");
  tf::test::write_file(dir.path() / "merger.yaml", text);
  link = preview_json(emulator, dir.path().string());
  CHECK(link["new_link"] == false);
  CHECK(link["changes"] == json::array({"attribute mappings", "scoping filter"}));
  std::map<std::string, json> updated, removed;
  for (const json& user : link["users"]) (user["action"] == "update" ? updated : removed)[user["id"]] = user;
  CHECK(updated.size() + removed.size() == link["users"].size());
  REQUIRE_FALSE(updated.empty());
  REQUIRE_FALSE(removed.empty());  // the Canadians of wave 1
  for (const auto& [id, user] : removed) CHECK(user["action"] == "remove");

  tf::test::ProcessResult text_run =
      tenantform({"preview", dir.path().string(), "--emulator", emulator.url(), "--detailed-exitcode"});
  CHECK(text_run.exit_code == 2);
  CHECK(text_run.out.find("~ " + updated.begin()->second["name"].get<std::string>()) != std::string::npos);
  CHECK(text_run.out.find("- " + removed.begin()->second["name"].get<std::string>() + ": leaves the scope") !=
        std::string::npos);

  REQUIRE(
      tenantform({"apply", dir.path().string(), "--emulator", emulator.url(), "--auto-approve"}).exit_code ==
      0);
  tf::test::run_cycle(emulator.url());
  synced = synced_users(emulator);
  for (const auto& [id, user] : updated) {
    CAPTURE(user["name"]);
    REQUIRE(synced.count(id));
    const json* display = delta(user, "displayName");
    REQUIRE(display);
    CHECK(synced[id]["displayName"] == (*display)["after"]);
    CHECK(synced[id]["deletedDateTime"].is_null());
  }
  for (const auto& [id, user] : removed) {
    CAPTURE(user["name"]);
    REQUIRE(synced.count(id));
    CHECK_FALSE(synced[id]["deletedDateTime"].is_null());  // soft-deleted in the target
  }
}

TEST_CASE("cli preview: --link picks links and an unknown one is an error") {
  Emulator emulator;
  tf::test::ProcessResult unknown = tenantform(
      {"preview", example_dir().string(), "--emulator", emulator.url(), "--link", "contoso:fabrikam"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("--link contoso:fabrikam names no link") != std::string::npos);
  tf::test::ProcessResult malformed =
      tenantform({"preview", example_dir().string(), "--emulator", emulator.url(), "--link", "fabrikam"});
  CHECK(malformed.exit_code == 1);
  CHECK(malformed.err.find("SOURCE:TARGET") != std::string::npos);
  tf::test::ProcessResult picked = tenantform(
      {"preview", example_dir().string(), "--emulator", emulator.url(), "--link", "fabrikam:contoso"});
  INFO(picked.out, picked.err);
  CHECK(picked.exit_code == 0);
  CHECK(picked.out.find("fabrikam -> contoso (link 'fabrikam-to-contoso'): a new link") != std::string::npos);
  tf::test::ProcessResult markdown =
      tenantform({"preview", example_dir().string(), "--emulator", emulator.url(), "--format", "markdown"});
  CHECK(markdown.exit_code == 0);
  CHECK(markdown.out.rfind("**Preview: 1 link changes users: ", 0) == 0);
  CHECK(markdown.out.find("| ayla.kol@fabrikam.com | create | ") != std::string::npos);
}

TEST_CASE("cli preview: users read two per page give the same preview as in one page") {
  Emulator whole;
  Emulator paged({"--page-size", "2", "--max-page-size", "2"});
  json one = preview_json(whole, example_dir().string());
  json many = preview_json(paged, example_dir().string());
  CHECK(one["counts"]["create"].get<int>() > 2);  // more users than a page in both counts
  CHECK(one["counts"]["out_of_scope"].get<int>() > 2);
  CHECK(many == one);
}

TEST_CASE("cli preview: --user explains one user on every link, changing or not") {
  Emulator emulator;
  auto explain = [&](const std::string& user) {
    return tenantform({"preview", example_dir().string(), "--emulator", emulator.url(), "--user", user});
  };
  tf::test::ProcessResult legal = explain("daniel.okafor@fabrikam.com");  // wave 1 leaves Legal out
  INFO(legal.out, legal.err);
  CHECK(legal.exit_code == 0);
  CHECK(legal.out.find("daniel.okafor@fabrikam.com: not in scope, before or after") != std::string::npos);
  CHECK(legal.out.find("department NOT EQUALS 'Legal' is false (department is 'Legal')") !=
        std::string::npos);

  tf::test::ProcessResult ayla = explain("ayla.kol@fabrikam.com");
  CHECK(ayla.out.find("+ ayla.kol@fabrikam.com: created in contoso") != std::string::npos);
  CHECK(ayla.out.find("displayName = \"Ayla Kol (fabrikam.com)\"") != std::string::npos);

  REQUIRE(tenantform({"apply", example_dir().string(), "--emulator", emulator.url(), "--auto-approve"})
              .exit_code == 0);
  tf::test::ProcessResult synced = explain("ayla.kol@fabrikam.com");
  INFO(synced.out, synced.err);
  CHECK(synced.out.find("no change to what is synchronized") != std::string::npos);  // read all the same
  CHECK(synced.out.find("ayla.kol@fabrikam.com: in scope, and nothing changes for it") != std::string::npos);

  tf::test::ProcessResult unknown = explain("nobody@fabrikam.com");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("has a user 'nobody@fabrikam.com'") != std::string::npos);
}
