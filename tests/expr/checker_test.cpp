// The type checker: every category of shared/reference/expressions.md §2.2 it
// owns, each at the offending node's column, with suggestions; the §7 rules on
// source and target attributes; and every parse/type-error vector of
// expression-vectors.json reported with its category.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/expr/checker.h"
#include "compiler/expr/source_attributes.h"
#include "tests/expr/front_test_support.h"
#include "tests/support/util.h"

using namespace tf;
using namespace tf::expr;
using tf::expr::testing::first_with_code;
using tf::expr::testing::parse;

namespace {

struct Checked {
  Diagnostics diagnostics;
  ValueKind kind = ValueKind::Any;

  // The only error (the test fails when there are none or several).
  Diagnostic error() const {
    REQUIRE(diagnostics.error_count() == 1);
    for (const Diagnostic& d : diagnostics.items())
      if (d.severity == Severity::Error) return d;
    return diagnostics.items().front();
  }
};

Checked check_text(const std::string& text, const CheckOptions& options = {}) {
  Checked out;
  auto e = parse(text, out.diagnostics);
  REQUIRE(e.has_value());
  out.kind = check_expression(*e, options, out.diagnostics);
  return out;
}

}  // namespace

TEST_CASE("checker: a documented cross-tenant expression checks clean and returns a string") {
  Checked c = check_text("Join(\" \", [displayName], \"(contoso.com)\")");
  CHECK(c.diagnostics.empty());
  CHECK(c.kind == ValueKind::String);
}

TEST_CASE("checker: result kinds follow the catalogue, IIF takes its branches' kind") {
  CHECK(check_text("Split([mail], \"@\")").kind == ValueKind::MultiValued);
  CHECK(check_text("IsNull([mail])").kind == ValueKind::Boolean);
  CHECK(check_text("IIF([mail]=\"x\", 1, 2)").kind == ValueKind::Integer);
  CHECK(check_text("IIF([mail]=\"x\", 1, \"a\")").kind == ValueKind::Any);
  CHECK(check_text("[mail] = \"x\"").kind == ValueKind::Boolean);
  CHECK(check_text("Redact(CDate(\"2020-01-01\"))").kind == ValueKind::DateTime);
}

TEST_CASE("checker: an unknown function is reported at its name, with the right spelling suggested") {
  Checked lower_case = check_text("append([mail], \"x\")");
  CHECK(lower_case.error().code == "UnknownFunction");
  CHECK(lower_case.error().location.column == 1);
  CHECK(lower_case.error().location.length == 6);
  CHECK(lower_case.error().message ==
        "unknown function 'append'; did you mean 'Append'? function names are case-sensitive");
  Checked typo = check_text("Join(\",\", Jion(\" \", [mail]))");
  CHECK(typo.error().location.column == 11);
  CHECK(typo.error().message == "unknown function 'Jion'; did you mean 'Join'?");
  CHECK(check_text("Frobnicate()").error().message == "unknown function 'Frobnicate'");
}

TEST_CASE("checker: arguments of an unknown function are still checked") {
  Checked c = check_text("Frobnicate([Mail])");
  CHECK(c.diagnostics.error_count() == 2);
  CHECK(first_with_code(c.diagnostics, "UnknownAttribute") != nullptr);
}

TEST_CASE("checker: too few arguments is an ArityError at the call's name listing the parameters") {
  const Diagnostic& d = check_text("Join(\",\", Append([mail]))").error();
  CHECK(d.code == "ArityError");
  CHECK(d.location.column == 11);
  CHECK(d.message == "'Append' expects 2 arguments (source, suffix), found 1");
}

TEST_CASE("checker: too many arguments is an ArityError at the first extra argument") {
  const Diagnostic& d = check_text("Append(\"a\", \"b\", \"c\")").error();
  CHECK(d.code == "ArityError");
  CHECK(d.location.column == 18);
  CHECK(check_text("Now(1)").error().message == "'Now' expects 0 arguments (), found 1");
  CHECK(check_text("InStr(\"a\", \"b\", 1, vbTextCompare, 5)").error().message ==
        "'InStr' expects 2 to 4 arguments (value1, value2, start?, compareType?), found 5");
}

TEST_CASE("checker: a required slot left empty is an ArityError, an optional one is fine") {
  CHECK(check_text("Append([mail], )").error().message ==
        "argument 2 ('suffix') of 'Append' is required but left empty");
  CHECK(check_text("Append([mail], )").error().location.column == 16);
  CHECK(check_text("Replace([mail], \"@\", , , \"_\", , )").diagnostics.empty());
  CHECK(check_text("FormatDateTime([mail], , \"yyyyMMdd\", \"yyyy-MM-dd\")").diagnostics.empty());
}

TEST_CASE("checker: the three-slot FormatDateTime leaves outputFormat missing") {
  const Diagnostic& d = check_text("FormatDateTime([mail], \"yyyyMMdd\", \"yyyy-MM-dd\")").error();
  CHECK(d.code == "ArityError");
  CHECK(d.message ==
        "'FormatDateTime' expects 4 arguments (source, dateTimeStyles?, inputFormat, outputFormat), found 3; "
        "leave "
        "optional slots empty: FormatDateTime(source, , inputFormat, outputFormat)");
}

TEST_CASE("checker: Switch needs its keys and values in pairs") {
  CHECK(check_text("Switch([state], \"x\", \"NSW\", \"Sydney\", \"QLD\", \"Brisbane\")").diagnostics.empty());
  CHECK(
      check_text("Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")").diagnostics.empty());
  const Diagnostic& odd = check_text("Switch([state], \"x\", \"NSW\", \"Sydney\", \"QLD\")").error();
  CHECK(odd.code == "ArityError");
  CHECK(odd.location.column == 39);
  CHECK(odd.message.find("the last key has no value") != std::string::npos);
  CHECK(check_text("Switch([state], \"x\")").error().code == "ArityError");
}

TEST_CASE("checker: Join and Coalesce take any number of sources") {
  CHECK(check_text("Join(\"\", [mail], 1000, \"x\", [surname], [givenName])").diagnostics.empty());
  CHECK(check_text("Coalesce([mail])").diagnostics.empty());
  CHECK(check_text("Join(\",\")").error().message ==
        "'Join' expects at least 2 arguments (separator, source, ...), found 1");
}

TEST_CASE("checker: a bare word where a string is needed is a TypeError suggesting quotes") {
  const Diagnostic& d = check_text("Append(Member, \"x\")").error();
  CHECK(d.code == "TypeError");
  CHECK(d.location.column == 8);
  CHECK(d.message ==
        "argument 1 ('source') of 'Append' expects a string, found the bare word 'Member'; write strings "
        "in double quotes, e.g. \"Member\"");
  CHECK(check_text("True").error().code == "TypeError");
  CHECK(check_text("IIF([mail] = True, \"a\", \"b\")").error().location.column == 14);
}

TEST_CASE("checker: numbers are strings, so a quoted number fits an integer parameter") {
  CHECK(check_text("Mid([givenName], \"1\", \"2\")").diagnostics.empty());
  CHECK(check_text("Mid([givenName], 1, Join(\"\", \"2\"))").diagnostics.empty());
  const Diagnostic& d = check_text("Mid([givenName], \"one\", 2)").error();
  CHECK(d.code == "TypeError");
  CHECK(d.location.column == 18);
  CHECK(d.message == "argument 2 ('start') of 'Mid' expects an integer, found the string \"one\"");
}

TEST_CASE("checker: kinds that cannot convert are TypeErrors naming what was found") {
  CHECK(check_text("Left([mail], IsNull([mail]))").error().message ==
        "argument 2 ('numChars') of 'Left' expects an integer, found 'IsNull(...)', which returns a Boolean");
  CHECK(check_text("Count(\"a\")").error().message ==
        "argument 1 ('attribute') of 'Count' expects a multi-valued value, found the string \"a\"");
  CHECK(check_text("Count([proxyAddresses] = \"x\")").error().message ==
        "argument 1 ('attribute') of 'Count' expects a multi-valued value, found a comparison, which is a "
        "Boolean");
  CHECK(check_text("DateAdd(\"d\", 1, \"2020-01-01\")").error().message ==
        "argument 3 ('dateTime') of 'DateAdd' expects a date-time, found the string \"2020-01-01\"; convert "
        "it with "
        "CDate(...)");
  CHECK(check_text("Not(Split([mail], \"@\"))").error().code == "TypeError");
}

TEST_CASE("checker: comparing a multi-valued value is a TypeError") {
  const Diagnostic& d = check_text("IIF(Split([mail], \"@\") = \"x\", \"a\", \"b\")").error();
  CHECK(d.code == "TypeError");
  CHECK(d.location.column == 5);
}

TEST_CASE("checker: InStr's compareType is one of two bare words, with a suggestion") {
  CHECK(check_text("InStr(\"repEated\", \"e\", 3, vbTextCompare)").diagnostics.empty());
  const Diagnostic& typo = check_text("InStr(\"a\", \"e\", 3, vbTextCompar)").error();
  CHECK(typo.code == "TypeError");
  CHECK(typo.location.column == 20);
  CHECK(typo.message.find("did you mean 'vbTextCompare'?") != std::string::npos);
  CHECK(
      check_text("InStr(\"a\", \"e\", 3, \"vbTextCompare\")").error().message ==
      "argument 4 ('compareType') of 'InStr' expects the bare word vbBinaryCompare or vbTextCompare (without "
      "quotes)");
}

TEST_CASE("checker: Replace's slot 6 takes an attribute or an attribute's name") {
  CHECK(
      check_text("Replace([telephoneNumber], , \"(?<p>\\\\d+)\", \"p\", , [mobile], )").diagnostics.empty());
  CHECK(check_text("Replace([telephoneNumber], , \"(?<p>\\\\d+)\", \"p\", , \"mobile\", )")
            .diagnostics.empty());
  const Diagnostic& d = check_text("Replace([telephoneNumber], , \"x\", \"p\", , \"mobil\", )").error();
  CHECK(d.code == "UnknownAttribute");
  CHECK(d.location.column == 42);
}

TEST_CASE("checker: SelectUniqueValue below the top level is UnsupportedContext") {
  CheckOptions general;
  general.cross_tenant = false;
  CHECK(check_text("SelectUniqueValue([mail], [userPrincipalName])", general).diagnostics.empty());
  const Diagnostic& d =
      check_text("ToLower(SelectUniqueValue([mail], [userPrincipalName]))", general).error();
  CHECK(d.code == "UnsupportedContext");
  CHECK(d.location.column == 9);
  CHECK(d.message == "'SelectUniqueValue' must be the top-level function of the expression, not an argument");
}

TEST_CASE("checker: SelectUniqueValue is not supported in cross-tenant sync and needs two rules") {
  const Diagnostic& d = check_text("SelectUniqueValue([mail], [userPrincipalName])").error();
  CHECK(d.code == "UnsupportedContext");
  CHECK(d.message.find("not supported in cross-tenant synchronization") != std::string::npos);
  CheckOptions general;
  general.cross_tenant = false;
  CHECK(check_text("SelectUniqueValue([mail])", general).error().message ==
        "'SelectUniqueValue' needs at least two rules to choose from, found 1");
}

TEST_CASE("checker: cloud-sync functions are UnsupportedContext unless cloud sync is on") {
  const Diagnostic& d = check_text("Trim([displayName])").error();
  CHECK(d.code == "UnsupportedContext");
  CHECK(d.message.find("only available in Entra cloud sync") != std::string::npos);
  CheckOptions cloud;
  cloud.cloud_sync = true;
  CHECK(check_text("Trim([displayName])", cloud).diagnostics.empty());
  CHECK(check_text("ConvertFromBase64([displayName], UTF8)", cloud).diagnostics.empty());
}

TEST_CASE("checker: legacy functions are accepted with a warning that says what to use") {
  Checked c = check_text("Prepend(\"x\", [mail])");
  CHECK_FALSE(c.diagnostics.has_errors());
  REQUIRE(c.diagnostics.warning_count() == 1);
  CHECK(c.diagnostics.items()[0].code == "LegacyFunction");
  CHECK(c.diagnostics.items()[0].message.find("use Join(\"\", prefix, source) instead") != std::string::npos);
}

TEST_CASE("checker: attribute names are case-sensitive and a near miss is suggested") {
  const Diagnostic& d = check_text("Append([Department], \"x\")").error();
  CHECK(d.code == "UnknownAttribute");
  CHECK(d.location.column == 8);
  CHECK(d.location.length == 12);
  CHECK(d.message ==
        "unknown source attribute 'Department'; did you mean 'department'? attribute names are "
        "case-sensitive");
  CHECK(check_text("[dispalyName]").error().message ==
        "unknown source attribute 'dispalyName'; did you mean 'displayName'?");
}

TEST_CASE("checker: userType is not a source attribute of cross-tenant sync") {
  CHECK(check_text("[userType]").error().message.find("copy it into a directory extension") !=
        std::string::npos);
}

TEST_CASE("checker: directory extensions are accepted when shaped like extension_<app id>_<name>") {
  CHECK(check_text("[extension_53c9e2c0b4e34d5a9d2c6c6f8a8b7e21_acmeCostCenter]").diagnostics.empty());
  CHECK(check_text("[extension_53c9e2c0-b4e3_acme]").error().message.find("not shaped like") !=
        std::string::npos);
}

TEST_CASE("checker: a caller-supplied attribute list replaces the built-in one, or checks can be off") {
  std::set<std::string, std::less<>> names = {"WorkerID"};
  CheckOptions custom;
  custom.source_attributes = &names;
  CHECK(check_text("[WorkerID]", custom).diagnostics.empty());
  CHECK(check_text("[mail]", custom).error().code == "UnknownAttribute");
  CheckOptions off;
  off.check_attribute_names = false;
  CHECK(check_text("[anything]", off).diagnostics.empty());
}

TEST_CASE("checker: the built-in source attributes include the §7 log attributes") {
  for (const char* name : {"objectId", "accountEnabled", "netId", "alternativeSecurityIds", "IsSoftDeleted",
                           "appRoleAssignments", "showInAddressList", "manager", "extensionAttribute15"})
    CHECK(known_source_attributes().contains(name));
  CHECK_FALSE(known_source_attributes().contains("userType"));
}

TEST_CASE("checker: targets cross-tenant sync cannot write are errors") {
  for (const char* target : {"proxyAddresses", "otherMails", "alternativeSecurityIds", "TargetAddress"}) {
    CheckOptions options;
    options.target_attribute = target;
    const Diagnostic& d = check_text("[mail]", options).error();
    CHECK(d.code == "UnsupportedTarget");
    CHECK(d.message.find(target) != std::string::npos);
    CHECK(d.location.column == 1);
  }
}

TEST_CASE("checker: userType and manager targets get the documented warnings") {
  CheckOptions user_type;
  user_type.target_attribute = "userType";
  CHECK(check_text("\"Member\"", user_type).diagnostics.empty());
  CHECK(check_text("\"Guest\"", user_type).diagnostics.empty());
  Checked admin = check_text("\"Admin\"", user_type);
  REQUIRE(admin.diagnostics.warning_count() == 1);
  CHECK(admin.diagnostics.items()[0].code == "TargetAttribute");
  CheckOptions manager;
  manager.target_attribute = "manager";
  CHECK(check_text("[manager]", manager).diagnostics.empty());
  CHECK(check_text("Switch([manager], , \"a\", \"b\")", manager).diagnostics.warning_count() == 1);
}

TEST_CASE("checker: every parse and type error vector is reported with its category") {
  auto vectors = nlohmann::json::parse(
      tf::test::read_file(tf::test::shared_dir() / "reference/expression-vectors.json"));
  const std::set<std::string> front_end = {"ParseError", "ExpressionTooLong", "UnknownFunction",
                                           "ArityError", "TypeError",         "UnsupportedContext"};
  int checked = 0;
  for (const auto& v : vectors) {
    const auto& expected = v["expected"];
    if (!expected.is_object() || !expected.contains("error")) continue;
    std::string category = expected["error"];
    if (!front_end.contains(category)) continue;
    CAPTURE(v["expression"].get<std::string>());
    Diagnostics d;
    auto e = parse(v["expression"], d);
    if (e) {
      CheckOptions options;
      options.check_attribute_names = false;
      check_expression(*e, options, d);
    }
    CHECK(first_with_code(d, category) != nullptr);
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("checker: every other vector parses and checks without errors outside cross-tenant rules") {
  auto vectors = nlohmann::json::parse(
      tf::test::read_file(tf::test::shared_dir() / "reference/expression-vectors.json"));
  int checked = 0;
  for (const auto& v : vectors) {
    const auto& expected = v["expected"];
    if (expected.is_object() && expected.contains("error") && expected["error"] != "EvaluationError")
      continue;
    CAPTURE(v["expression"].get<std::string>());
    std::set<std::string, std::less<>> names(known_source_attributes().begin(),
                                             known_source_attributes().end());
    for (const auto& [key, value] : v["attributes"].items()) names.insert(key);
    CheckOptions options;
    options.source_attributes = &names;
    options.cross_tenant = false;
    Diagnostics d;
    auto e = parse(v["expression"], d);
    REQUIRE(e.has_value());
    check_expression(*e, options, d);
    CHECK(d.items().size() == 0);
    ++checked;
  }
  CHECK(checked > 100);
}
