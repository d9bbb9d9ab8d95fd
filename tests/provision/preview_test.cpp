// preview_link (compiler/provision/preview.h): source users through a link's
// configuration before and after, with the engine's scope decision and mappings.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/provision/preview.h"

using namespace tf::provision;
using nlohmann::json;

namespace {

json attribute(const std::string& name) {
  return {
      {"type", "Attribute"}, {"name", name}, {"expression", "[" + name + "]"}, {"parameters", json::array()}};
}
json function(const std::string& expression) {
  return {{"type", "Function"}, {"name", "F"}, {"expression", expression}, {"parameters", json::array()}};
}
json mapping(const std::string& target, json source, const std::string& flow = "Always") {
  return {{"targetAttributeName", target},
          {"source", std::move(source)},
          {"defaultValue", nullptr},
          {"flowBehavior", "FlowWhenChanged"},
          {"flowType", flow},
          {"matchingPriority", 0}};
}
// department EQUALS value, as Graph writes a scoping filter.
json department_is(const std::string& value) {
  return {
      {"groups",
       json::array({{{"name", "g"},
                     {"clauses", json::array({{{"operatorName", "EQUALS"},
                                               {"sourceOperandName", "department"},
                                               {"targetOperand", {{"values", json::array({value})}}}}})}}})}};
}

SourceUser user(const std::string& id, const std::string& upn, const std::string& department,
                std::set<std::string> groups = {}, const std::string& type = "Member") {
  return {json{{"id", id},
               {"userPrincipalName", upn},
               {"displayName", "User " + id},
               {"department", department},
               {"jobTitle", "Engineer"},
               {"userType", type},
               {"accountEnabled", true}},
          std::move(groups)};
}

LinkConfig config(json mappings, json scope, std::set<std::string> assigned, bool sync_all = false) {
  return {std::move(mappings), std::move(scope), sync_all, std::move(assigned)};
}

const UserPreview& find(const LinkPreview& p, const std::string& id) {
  for (const UserPreview& u : p.users)
    if (u.id == id) return u;
  throw std::runtime_error("no user " + id);
}

}  // namespace

TEST_CASE(
    "preview: a new link creates the assigned, internal users in scope with the properties its mappings "
    "write") {
  ExpressionService expressions;
  LinkConfig after =
      config(json::array({mapping("displayName", function(R"x(Join(" ", [displayName], "(contoso)"))x")),
                          mapping("department", attribute("department"))}),
             department_is("Sales"), {"group-1"});
  std::vector<SourceUser> users = {user("u1", "ann@contoso.com", "Sales", {"group-1"}),
                                   user("u2", "bob@contoso.com", "HR", {"group-1"}),
                                   user("u3", "cid@contoso.com", "Sales"),
                                   user("u4", "dee_fabrikam.com#EXT#@contoso.com", "Sales", {"group-1"}),
                                   user("u5", "eve@contoso.com", "Sales", {"group-1"}, "Guest")};
  LinkPreview p = preview_link(expressions, std::nullopt, after, users, "fabrikam.com");
  REQUIRE(p.users.size() == 5);
  CHECK(p.users[0].name == "ann@contoso.com");  // sorted by name
  const UserPreview& ann = find(p, "u1");
  CHECK(ann.outcome == UserOutcome::Create);
  REQUIRE(ann.attributes.size() == 2);
  CHECK(ann.attributes[0].name == "department");
  CHECK_FALSE(ann.attributes[0].before);
  CHECK(*ann.attributes[0].after == "Sales");
  CHECK(*ann.attributes[1].after == "User u1 (contoso)");
  CHECK(find(p, "u2").outcome == UserOutcome::OutOfScope);
  CHECK(find(p, "u2").reason.find("scoping filter") != std::string::npos);
  CHECK(find(p, "u3").reason.find("not assigned") != std::string::npos);
  CHECK(find(p, "u4").reason.find("Filter external users") !=
        std::string::npos);  // a B2B user from elsewhere
  CHECK(find(p, "u5").reason.find("userType") != std::string::npos);
  CHECK(p.count(UserOutcome::Create) == 1);
  CHECK(p.count(UserOutcome::OutOfScope) == 4);
  CHECK(p.changes_users());

  SUBCASE("SyncAll: assignment no longer matters") {
    LinkConfig all = after;
    all.sync_all = true;
    LinkPreview q = preview_link(expressions, std::nullopt, all, users, "fabrikam.com");
    CHECK(find(q, "u3").outcome == UserOutcome::Create);
  }
}

TEST_CASE(
    "preview: a changed mapping updates what changes, a narrower scope removes, the rest is unchanged") {
  ExpressionService expressions;
  json before_mappings = json::array({mapping("displayName", attribute("displayName")),
                                      mapping("jobTitle", attribute("jobTitle")),
                                      mapping("companyName", function(R"("Contoso")"), "ObjectAddOnly")});
  json after_mappings =
      json::array({mapping("displayName", function(R"x(Join(" ", [displayName], "(contoso)"))x")),
                   mapping("jobTitle", attribute("jobTitle")),
                   mapping("companyName", function(R"("Contoso Ltd")"), "ObjectAddOnly")});
  LinkConfig before = config(before_mappings, nullptr, {"group-1", "u9"});
  std::vector<SourceUser> users = {user("u1", "ann@contoso.com", "Sales", {"group-1"}),
                                   user("u2", "bob@contoso.com", "HR", {"group-1"}),
                                   user("u9", "zed@contoso.com", "Sales")};

  SUBCASE("mappings: each written property's old and new value; an on-create mapping does not update") {
    LinkPreview p =
        preview_link(expressions, before, config(after_mappings, nullptr, {"group-1", "u9"}), users, "f.com");
    const UserPreview& ann = find(p, "u1");
    CHECK(ann.outcome == UserOutcome::Update);
    REQUIRE(ann.attributes.size() == 1);  // not companyName: ObjectAddOnly flows on create only
    CHECK(ann.attributes[0].name == "displayName");
    CHECK(*ann.attributes[0].before == "User u1");
    CHECK(*ann.attributes[0].after == "User u1 (contoso)");
    CHECK(p.count(UserOutcome::Update) == 3);
  }
  SUBCASE("scope and assignments: who leaves is removed, with why; the same mappings change nobody") {
    LinkPreview p = preview_link(
        expressions, before, config(before_mappings, department_is("Sales"), {"group-1"}), users, "f.com");
    CHECK(find(p, "u1").outcome == UserOutcome::Unchanged);
    CHECK(find(p, "u2").outcome == UserOutcome::Remove);
    CHECK(find(p, "u2").reason ==
          "the user does not satisfy the scoping filter: department EQUALS 'Sales' is false (department is "
          "'HR')");
    CHECK(find(p, "u9").outcome == UserOutcome::Remove);  // unassigned
    CHECK(find(p, "u9").reason.find("not assigned") != std::string::npos);
    CHECK(p.count(UserOutcome::Remove) == 2);
  }
  SUBCASE("a mapping that fails to evaluate fails that user, with the error") {
    json failing = before_mappings;
    failing.push_back(
        mapping("employeeHireDate", function(R"(FormatDateTime([jobTitle], , "yyyy-MM-dd", "yyyy-MM-dd"))")));
    LinkPreview p =
        preview_link(expressions, before, config(failing, nullptr, {"group-1", "u9"}), users, "f.com");
    CHECK(find(p, "u1").outcome == UserOutcome::Fails);
    CHECK(find(p, "u1").reason.find("employeeHireDate") != std::string::npos);
    CHECK(p.changes_users());
  }
  SUBCASE("nothing changes: every user unchanged or out of scope") {
    LinkPreview p = preview_link(expressions, before, before, users, "f.com");
    CHECK(p.count(UserOutcome::Unchanged) == 3);
    CHECK_FALSE(p.changes_users());
  }
}

TEST_CASE("preview: the properties to read are those mappings and filters name that Graph has on a user") {
  LinkConfig a =
      config(json::array({mapping("displayName", function(R"(Join(" ", [givenName], [surname]))")),
                          mapping("mail", attribute("mail")), mapping("x", attribute("telephoneNumber")),
                          mapping("y", attribute("netId"))}),
             department_is("Sales"), {});
  a.attribute_mappings[0]["source"]["parameters"] =
      json::array({{{"key", "separator"}, {"value", {{"type", "Constant"}, {"name", " "}}}},
                   {{"key", "source"}, {"value", attribute("givenName")}},
                   {{"key", "source"}, {"value", attribute("surname")}}});
  LinkConfig b =
      config(json::array({mapping("e", attribute("extension_0123456789abcdef0123456789abcdef_costCenter"))}),
             nullptr, {});
  CHECK(attributes_read(a) ==
        std::set<std::string>{"department", "givenName", "mail", "netId", "surname", "telephoneNumber"});
  CHECK(source_properties({&a, &b, nullptr}) ==
        std::vector<std::string>{"department", "displayName",
                                 "extension_0123456789abcdef0123456789abcdef_costCenter", "givenName", "id",
                                 "mail", "surname", "userPrincipalName", "userType"});
  CHECK(is_synthesised_attribute("netId"));
  CHECK_FALSE(is_graph_user_property("telephoneNumber"));
}

TEST_CASE("preview: the deletion threshold a SyncNotificationSettings secret sets") {
  CHECK(deletion_threshold(R"({"Enabled":true,"DeleteThresholdEnabled":true,"DeleteThresholdValue":20})") ==
        20);
  CHECK(deletion_threshold(R"({"DeleteThresholdEnabled":true,"DeleteThresholdValue":"35"})") == 35);
  CHECK(deletion_threshold(R"({"DeleteThresholdEnabled":true})") == kDefaultDeletionThreshold);
  CHECK(deletion_threshold(R"({"DeleteThresholdEnabled":true,"DeleteThresholdValue":"many"})") ==
        kDefaultDeletionThreshold);
  CHECK_FALSE(deletion_threshold(R"({"DeleteThresholdEnabled":false,"DeleteThresholdValue":20})"));
  CHECK_FALSE(deletion_threshold("not json"));
}

TEST_CASE("preview: pages of users add up to the preview of all of them, keeping only those that change") {
  ExpressionService expressions;
  LinkConfig after =
      config(json::array({mapping("department", attribute("department"))}), department_is("Sales"), {}, true);
  std::vector<SourceUser> all = {user("u1", "dan@contoso.com", "Sales"), user("u2", "amy@contoso.com", "HR"),
                                 user("u3", "bea@contoso.com", "Sales"),
                                 user("u4", "cy@contoso.com", "Sales")};
  LinkPreview whole = preview_link(expressions, std::nullopt, after, all, "f.com");
  LinkPreview pages;
  pages.add(preview_link(expressions, std::nullopt, after, {all[0], all[1]}, "f.com"));
  pages.add(preview_link(expressions, std::nullopt, after, {all[2], all[3]}, "f.com"));
  CHECK(pages.counts == whole.counts);
  CHECK(pages.total() == 4);
  REQUIRE(pages.users.size() == 3);                 // amy is out of scope: counted, not kept
  CHECK(pages.users[0].name == "bea@contoso.com");  // still sorted across pages
  CHECK(pages.users[1].name == "cy@contoso.com");
  CHECK(pages.users[2].name == "dan@contoso.com");
}

TEST_CASE("preview: why a user is not in scope names the first failing clause of each filter group") {
  ExpressionService expressions;
  json scope = department_is("Sales");
  scope["groups"].push_back(
      {{"name", "managers"},
       {"clauses", json::array({{{"operatorName", "IS TRUE"},
                                 {"sourceOperandName", "accountEnabled"},
                                 {"targetOperand", {{"values", json::array()}}}},
                                {{"operatorName", "EQUALS"},
                                 {"sourceOperandName", "employeeType"},
                                 {"targetOperand", {{"values", json::array({"Manager"})}}}}})}});
  LinkPreview p = preview_link(expressions, std::nullopt, config(json::array(), scope, {}, true),
                               {user("u1", "amy@contoso.com", "HR")}, "f.com");
  CHECK(p.users[0].reason ==
        "the user does not satisfy the scoping filter: group 'g': department EQUALS 'Sales' is false "
        "(department is 'HR'); "
        "group 'managers': employeeType EQUALS 'Manager' is false (employeeType is empty)");
}
