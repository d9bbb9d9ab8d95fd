// How `tenantform preview` prints (runtime/observe/preview.h): per link the counts,
// up to --list users per outcome with their changes, the deletion-threshold warning,
// the attributes it could not read; JSON with every changing user.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "runtime/observe/preview.h"

using namespace tf::observe;
using nlohmann::json;
using tf::provision::UserOutcome;
using tf::provision::UserPreview;

namespace {

LinkPreview link_removing(std::size_t removed, std::optional<long long> threshold) {
  LinkPreview link;
  link.source = "contoso";
  link.target = "fabrikam";
  link.origin = "hub 'corp'";
  link.changes = true;
  link.read = true;
  link.what_changes = {"scoping filter"};
  link.deletion_threshold = threshold;
  for (std::size_t i = 0; i < removed; ++i)
    link.users.users.push_back(UserPreview{"id" + std::to_string(i),
                                           "user" + std::to_string(i) + "@contoso.com",
                                           UserOutcome::Remove,
                                           {},
                                           "the user does not satisfy the scoping filter"});
  link.users.users.push_back(
      UserPreview{"idu",
                  "upd@contoso.com",
                  UserOutcome::Update,
                  {{"displayName", json("Old"), json("New")}, {"jobTitle", json("X"), std::nullopt}},
                  ""});
  link.users.users.push_back(
      UserPreview{"ido", "out@contoso.com", UserOutcome::OutOfScope, {}, "not assigned"});
  for (const UserPreview& u : link.users.users) ++link.users.counts[static_cast<std::size_t>(u.outcome)];
  return link;
}

}  // namespace

TEST_CASE("preview text: counts, changes, a listing cut at --list, and the deletion threshold") {
  std::string text = render_preview_text({link_removing(3, 2)}, 2);
  INFO(text);
  CHECK(text.find("contoso -> fabrikam (hub 'corp'): scoping filter change") != std::string::npos);
  CHECK(text.find("5 source users: 1 to update, 3 to remove; 0 unchanged, 1 out of scope") !=
        std::string::npos);
  CHECK(text.find("~ upd@contoso.com\n      displayName: \"Old\" -> \"New\"\n      jobTitle: \"X\" -> (not "
                  "written)") != std::string::npos);
  CHECK(text.find("- user0@contoso.com: leaves the scope (the user does not satisfy the scoping filter)") !=
        std::string::npos);
  CHECK(text.find("user2@contoso.com") == std::string::npos);  // the third removal is not listed
  CHECK(text.find("... and 1 more to remove") != std::string::npos);
  CHECK(text.find("out@contoso.com") == std::string::npos);  // out of scope before and after: not listed
  CHECK(text.find("3 removals exceed the deletion threshold of 2") != std::string::npos);
  CHECK(text.find("Preview: 1 link changes users: 1 to update, 3 to remove.") != std::string::npos);

  CHECK(render_preview_text({link_removing(2, 2)}, 10).find("deletion threshold") ==
        std::string::npos);  // at it, not over
  CHECK(render_preview_text({link_removing(3, std::nullopt)}, 10).find("deletion threshold") ==
        std::string::npos);
}

TEST_CASE("preview json: every changing user with its changes, counts and the threshold verdict") {
  json document = json::parse(render_preview_json({link_removing(3, 2)}));
  CHECK(document["format_version"] == "1");
  const json& link = document["links"][0];
  CHECK(link["counts"]["remove"] == 3);
  CHECK(link["counts"]["out_of_scope"] == 1);
  CHECK(link["users"].size() == 4);  // 3 removals and the update; not the user out of scope
  CHECK(link["exceeds_deletion_threshold"] == true);
  const json& update = link["users"][3];
  CHECK(update["action"] == "update");
  CHECK(update["attributes"][1] ==
        json{{"name", "jobTitle"}, {"before", "X"}});  // no "after": no longer written
  CHECK(document["summary"] == json{{"create", 0}, {"update", 1}, {"remove", 3}, {"fails", 0}});
}

TEST_CASE("preview markdown: a PR comment with the summary, the threshold warning and a table per link") {
  LinkPreview link = link_removing(3, 2);
  link.users.users[0].reason = "a | b";  // a pipe inside a cell is escaped
  std::string md = render_preview_markdown({link}, 2);
  INFO(md);
  CHECK(md.rfind("**Preview: 1 link changes users: 1 to update, 3 to remove.**\n\n", 0) == 0);
  CHECK(md.find("> **Warning:** contoso -> fabrikam: 3 removals exceed the deletion threshold of 2") !=
        std::string::npos);
  CHECK(md.find("<details><summary>contoso -> fabrikam (scoping filter change): 1 to update, 3 to "
                "remove</summary>") != std::string::npos);
  CHECK(md.find("| upd@contoso.com | update | displayName: \"Old\" → \"New\"<br>jobTitle: \"X\" → (not "
                "written) |") != std::string::npos);
  CHECK(md.find("| user0@contoso.com | remove | leaves the scope: a \\| b |") != std::string::npos);
  CHECK(md.find("| ... | remove | 1 more |") != std::string::npos);
  CHECK(md.find("out@contoso.com") == std::string::npos);

  LinkPreview quiet = link_removing(0, std::nullopt);
  quiet.users.users.erase(quiet.users.users.begin());  // only the user out of scope is left
  quiet.users.counts = {};
  quiet.users.counts[static_cast<std::size_t>(UserOutcome::OutOfScope)] = 1;
  CHECK(render_preview_markdown({quiet}, 10) == "**Preview: 0 links change users: no user changes.**\n\n");
}
