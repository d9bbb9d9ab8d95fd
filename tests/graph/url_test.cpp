// URL splitting, loopback detection and the transport's http/https policy.
#include <doctest/doctest.h>

#include "runtime/graph/url.h"

using namespace tf::graph;

TEST_CASE("url: a URL splits into scheme, host, port and target") {
  Url u = parse_url("HTTP://User@LocalHost:8080/v1.0/users?$top=5");
  CHECK(u.ok);
  CHECK(u.scheme == "http");
  CHECK(u.host == "localhost");
  CHECK(u.port == "8080");
  CHECK(u.target == "/v1.0/users?$top=5");
  Url v6 = parse_url("http://[::1]:9/");
  CHECK(v6.host == "::1");
  CHECK(origin_of(v6) == "http://[::1]:9");
  CHECK_FALSE(parse_url("no scheme").ok);
}

TEST_CASE("url: loopback means localhost, 127.0.0.0/8 and ::1 and nothing else") {
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.4.5.6"));
  CHECK(is_loopback_host("::1"));
  CHECK(is_loopback_host("LOCALHOST"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("graph.microsoft.com"));
}

TEST_CASE("url: plain http is refused unless the host is loopback") {
  CHECK(url_refusal("https://graph.microsoft.com/v1.0/users").empty());
  CHECK(url_refusal("http://127.0.0.1:1234/v1.0/users").empty());
  std::string why = url_refusal("http://graph.microsoft.com/v1.0/users");
  CHECK(why.find("plain http is only allowed to a loopback host") != std::string::npos);
  CHECK(why.find("'graph.microsoft.com'") != std::string::npos);
  CHECK_FALSE(url_refusal("ftp://127.0.0.1/").empty());
}

TEST_CASE("url: form fields are percent-encoded and decode back") {
  std::string body = form_body({{"client_secret", "a b&c=d+/~"}, {"scope", "https://graph.microsoft.com/.default"}});
  CHECK(body == "client_secret=a%20b%26c%3Dd%2B%2F~&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
  auto fields = parse_form(body);
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].second == "a b&c=d+/~");
}
