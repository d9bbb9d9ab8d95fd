// Secrets and tokens never reach traces or diagnostics: the shapes the Redactor
// recognises, and a whole run whose every captured byte is searched for them.
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"
#include "runtime/graph/graph_client.h"
#include "runtime/graph/http_trace.h"
#include "runtime/graph/url.h"
#include "tests/graph/fake_transport.h"
#include "tests/graph/test_certificate.h"
#include "tests/support/util.h"

using namespace tf::graph;
using namespace tf::graph::test;
using nlohmann::json;

TEST_CASE("redact: Authorization headers, secret form fields and token members are replaced by shape") {
  CHECK(redact_patterns("Authorization: Bearer eyJabc.def\r\nAccept: x") == "Authorization: Bearer [redacted]\r\nAccept: x");
  CHECK(redact_patterns("authorization: Basic dXNlcjpwYXNz") == "authorization: Basic [redacted]");
  CHECK(redact_patterns("client_id=abc&client_secret=p%40ss&grant_type=client_credentials") ==
        "client_id=abc&client_secret=[redacted]&grant_type=client_credentials");
  CHECK(redact_patterns("client_assertion_type=urn%3Ajwt&client_assertion=eyJ.x.y") ==
        "client_assertion_type=urn%3Ajwt&client_assertion=[redacted]");
  CHECK(redact_patterns(R"({"token_type":"Bearer","access_token" : "eyJ\"q\"z","expires_in":3599})") ==
        R"({"token_type":"Bearer","access_token" : "[redacted]","expires_in":3599})");
  CHECK(redact_patterns("-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----") ==
        "-----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY-----");
  CHECK(redact_patterns("Authorization_RequestDenied stays") == "Authorization_RequestDenied stays");
}

TEST_CASE("redact: registered values are removed wherever they appear, longest first") {
  Redactor r;
  r.add_secret("abcd");
  r.add_secret("abcdefgh");
  r.add_secret("xy");  // too short to register
  CHECK(r.redact("k=abcdefgh; j=abcd; xy") == "k=[redacted]; j=[redacted]; xy");
}

TEST_CASE("redact: nothing captured from a run contains a secret, an assertion, a key or a token") {
  const std::string secret = "Zq8~secret.Value_1234567890";
  const std::string token_a = "eyJ0eXAi.tokenA-opaque-part";
  const std::string token_b = "eyJ0eXAi.tokenB-opaque-part";
  TestCertificate cert = make_test_certificate();
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "northwind.pem", cert.pem);

  // A hostile server: it echoes whatever it is sent in its error messages.
  FakeTransport fake([&](const HttpRequest& r) {
    if (contains(r.url, "/tenant-a/oauth2")) return respond(200, json{{"access_token", token_a}, {"expires_in", 3599}}.dump());
    if (contains(r.url, "/tenant-b/oauth2"))
      return respond(400, json{{"error", "invalid_request"}, {"error_description", "AADSTS50000: bad request " + r.body}}.dump());
    std::string echo = "you sent " + header_of(r, "Authorization") + " and " + r.body;
    return respond(400, json{{"error", {{"code", "Request_BadRequest"}, {"message", echo}}}}.dump(),
                   {{"x-echo", header_of(r, "Authorization")}});
  });
  std::ostringstream trace_text;
  ManualClock clock;
  ClientOptions options;
  options.environment_tokens = false;
  Redactor redactor;  // shared by the trace and the client, as the CLI wires --log-http
  HttpTrace tracer(trace_text, redactor);
  TracingTransport transport(fake, tracer);
  GraphClient client(transport, clock, options, redactor);
  client.add_tenant({"contoso", "tenant-a", Cloud::Global, ClientSecretCredential{"client-a", secret}});
  client.add_tenant({"northwind", "tenant-b", Cloud::Global,
                     CertificateFileCredential{"client-b", (dir.path() / "northwind.pem").string(), JwtAlgorithm::PS256}});

  tf::Diagnostics diagnostics;
  for (const GraphResponse& r :
       client.send_all({{.tenant = "contoso", .method = "POST", .path = "/users", .body = json{{"password", secret}}},
                        {.tenant = "northwind", .path = "/users"}}))
    if (r.error) diagnostics.add(*r.error);
  REQUIRE(diagnostics.error_count() == 2);

  std::string assertion;
  for (const HttpRequest& r : fake.requests)
    for (const auto& [name, value] : parse_form(r.body))
      if (name == "client_assertion") assertion = value;
  REQUIRE(assertion.size() > 100);

  std::string captured = trace_text.str() + tf::render_text(diagnostics) + tf::render_json_lines(diagnostics);
  CHECK(contains(captured, "[redacted]"));
  CHECK(contains(captured, "Request_BadRequest"));
  for (const std::string& needle : {secret, token_a, token_b, assertion, assertion.substr(0, 60),
                                    cert.pem.substr(cert.pem.find('\n') + 1, 40)}) {
    INFO("found a secret: " << needle.substr(0, 12) << "...");
    CHECK_FALSE(contains(captured, needle));
    CHECK_FALSE(contains(captured, form_encode(needle)));
  }
}
