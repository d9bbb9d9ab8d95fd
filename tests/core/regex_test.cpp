// Regex: .NET-style named groups, search, matches and replacement syntax.
#include <doctest/doctest.h>

#include "compiler/core/regex.h"

using tf::Regex;

TEST_CASE("regex: an invalid pattern reports why and where") {
  std::string error;
  CHECK_FALSE(Regex::compile("(abc", error));
  CHECK(error.find("offset 4") != std::string::npos);
  CHECK(Regex::cached("(abc", error) == nullptr);
}

TEST_CASE("regex: search is an unanchored IsMatch") {
  std::string error;
  auto r = Regex::compile("[1-9][0-9]", error);
  REQUIRE(r);
  CHECK(r->search("id 123"));
  CHECK_FALSE(r->search("id 7"));
}

TEST_CASE("regex: replace substitutes ${name}, $1 and $$ like .NET") {
  std::string error;
  auto r = Regex::compile(R"(\+(?<isdCode>\d* )(?<phoneNumber>\d{10}))", error);
  REQUIRE(r);
  CHECK(*r->replace("+91 9998887777", "${phoneNumber}", error) == "9998887777");
  CHECK(*r->replace("+91 9998887777", "$1|$$|${nope}", error) == "91 |$|${nope}");
  CHECK(r->group_number("phoneNumber") == 2);
  CHECK(r->group_number("missing") == -1);
}

TEST_CASE("regex: empty matches are replaced too, as .NET does") {
  std::string error;
  auto r = Regex::compile("[a-zA-Z_]*", error);
  REQUIRE(r);
  CHECK(*r->replace("john_doe72", "", error) == "72");
  auto star = Regex::compile("x*", error);
  CHECK(*star->replace("ab", "-", error) == "-a-b-");
}
