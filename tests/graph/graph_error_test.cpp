// Graph and token-endpoint errors as diagnostics, text pinned byte for byte.
#include <doctest/doctest.h>

#include "compiler/diag/render.h"
#include "runtime/graph/graph_error.h"
#include "tests/graph/fake_transport.h"
#include "tests/support/util.h"

using namespace tf::graph;
using namespace tf::graph::test;

namespace {

std::string example(const std::string& name) {
  return tf::test::read_file(tf::test::shared_dir() / "reference" / "graph-examples" / name);
}

std::string render(const tf::Diagnostic& d) { return tf::render_text(d); }

}  // namespace

TEST_CASE("graph errors: a 403 Authorization_RequestDenied names the permission to grant and the request-id") {
  std::string body = R"({"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2025-02-13T10:17:06","request-id":"93b6f17e-c05d-4f45-ad2a-6665c708d8a0"}}})";
  FailureContext context{"fabrikam", "POST", "/policies/crossTenantAccessPolicy/partners", "create",
                         "the partner configuration for 'contoso'"};
  tf::Diagnostic d = graph_failure(context, respond(403, body), 1);
  CHECK(d.code == "Authorization_RequestDenied");
  CHECK(render(d) ==
        "tenantform: error: tenant 'fabrikam': cannot create the partner configuration for 'contoso' (POST "
        "/policies/crossTenantAccessPolicy/partners): Graph returned 403 Authorization_RequestDenied ('Insufficient "
        "privileges to complete the operation'); grant the application permission "
        "'Policy.ReadWrite.CrossTenantAccess' in tenant 'fabrikam' and give admin consent\n"
        "tenantform: note: request-id 93b6f17e-c05d-4f45-ad2a-6665c708d8a0, date 2025-02-13T10:17:06 (quote it when "
        "asking Microsoft support)\n");
}

TEST_CASE("graph errors: the permission follows the endpoint and whether the call reads or writes") {
  CHECK(required_permission("GET", "/policies/crossTenantAccessPolicy/partners?$select=tenantId") == "'Policy.Read.All'");
  CHECK(required_permission("PUT", "/servicePrincipals/1/synchronization/secrets").find("'Synchronization.ReadWrite.All'") == 0);
  CHECK(required_permission("GET", "/servicePrincipals/1/synchronization/jobs") == "'Synchronization.Read.All'");
  CHECK(required_permission("POST", "/servicePrincipals/1/appRoleAssignedTo") ==
        "'AppRoleAssignment.ReadWrite.All' with 'Application.Read.All'");
  CHECK(required_permission("POST", "/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate") ==
        "'Application.ReadWrite.All'");
  CHECK(required_permission("GET", "/auditLogs/provisioning") == "'AuditLog.Read.All'");
  CHECK(required_permission("GET", "/somethingElse").empty());
}

TEST_CASE("graph errors: a 401 says to check the tenant's credentials") {
  std::string body = R"({"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid.","innerError":{"request-id":"r1","date":"d1"}}})";
  tf::Diagnostic d = graph_failure({"fabrikam", "GET", "/policies/crossTenantAccessPolicy", {}, {}}, respond(401, body), 1);
  CHECK(d.message ==
        "tenant 'fabrikam': GET /policies/crossTenantAccessPolicy failed: Graph returned 401 "
        "InvalidAuthenticationToken ('Access token has expired or is not yet valid'); the token was not accepted: "
        "check the credentials of tenant 'fabrikam' (client id, secret or certificate) and its cloud");
}

TEST_CASE("graph errors: the documented generic error body is read, code and request-id included") {
  auto e = parse_graph_error(example("error-generic.response.json"));
  REQUIRE(e);
  CHECK(e->code == "invalidRange");
  CHECK(e->message == "Uploaded fragment overlaps with existing data.");
  CHECK(e->request_id == "request-id");
  CHECK_FALSE(parse_graph_error(R"({"error":"invalid_client"})"));
  CHECK_FALSE(parse_graph_error("not json"));
}

TEST_CASE("graph errors: a 409 and a throttled call that ran out of retries say what to do next") {
  std::string conflict = R"({"error":{"code":"Request_MultipleObjectsWithSameKeyValue","message":"Another object with the same value for property tenantId already exists."}})";
  tf::Diagnostic d = graph_failure({"contoso", "POST", "/policies/crossTenantAccessPolicy/partners", {}, {}},
                                   respond(409, conflict), 1);
  CHECK(d.code == "Request_MultipleObjectsWithSameKeyValue");
  CHECK(d.message.find("it already exists; run 'tenantform plan' again") != std::string::npos);
  tf::Diagnostic t = graph_failure({"contoso", "GET", "/users", {}, {}}, respond(429), 6);
  CHECK(t.code == "http-429");
  CHECK(t.message.find("Graph kept throttling or was unavailable after 6 attempts") != std::string::npos);
}

TEST_CASE("graph errors: a transport failure names the call and suggests checking the network") {
  tf::Diagnostic d = graph_failure({"contoso", "GET", "/users", "list", "the users"},
                                   transport_failure(TransportError::NotSent), 3);
  CHECK(d.code == "transport");
  CHECK(d.message ==
        "tenant 'contoso': cannot list the users (GET /users): could not connect after 3 attempts: simulated; check "
        "the network and proxy settings (https_proxy, no_proxy)");
}

TEST_CASE("token errors: AADSTS codes from the token endpoint become advice") {
  std::string body = R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2024-01-01 00:00:00Z","error_codes":[7000215],"trace_id":"t-1","correlation_id":"c-1"})";
  tf::Diagnostic d = token_failure("fabrikam", "535fb089-9ff3-47b6-9bfb-4f1264799865", respond(401, body), 1);
  CHECK(d.code == "AADSTS7000215");
  CHECK(render(d) ==
        "tenantform: error: tenant 'fabrikam': cannot get a token for application "
        "'535fb089-9ff3-47b6-9bfb-4f1264799865': the token endpoint returned 401 invalid_client ('AADSTS7000215: "
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value'); "
        "the client secret is wrong (use the secret's value, not its id); check the credentials of tenant "
        "'fabrikam'\n"
        "tenantform: note: trace-id t-1, correlation-id c-1 (quote them when asking Microsoft support)\n");
}

TEST_CASE("token errors: the documented invalid_scope error points at the tenant's cloud") {
  tf::Diagnostic d = token_failure("northwind", "id", respond(400, example("token-error.response.json")), 1);
  CHECK(d.code == "AADSTS70011");
  CHECK(d.message.find("the scope is not valid; check the cloud of tenant 'northwind'") != std::string::npos);
  tf::Diagnostic plain = token_failure("northwind", "id", respond(401, R"({"error":"invalid_client"})"), 1);
  CHECK(ends_with(plain.message, "check the credentials of tenant 'northwind'"));
}
