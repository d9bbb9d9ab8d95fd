// Graph and token-endpoint failures as tf::Diagnostic values that say what failed
// and what to do: the tenant, the action and the object, Graph's code and message,
// the request-id (as a note) and advice: the permission to grant for a 403
// Authorization_RequestDenied (graph-api.md §3.1, §4, §7), "check the credentials of
// tenant 'x'" for 401 and invalid_client, and advice for the AADSTS codes of the
// token endpoint. Diagnostic::code is Graph's error code (or the AADSTS code, or
// "http-<status>", or "transport") so tools can branch on it.
//
// Promises: pure functions of their arguments; no text from a request body is
// copied into a message (so no secret can leak through them); the caller still
// runs every message through its Redactor.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "runtime/graph/http.h"

namespace tf::graph {

// What was being attempted, for the message.
struct FailureContext {
  std::string tenant;  // the manifest's local name, e.g. "fabrikam"
  std::string method;  // GET, POST, ...
  std::string path;    // relative to the version root, e.g. /policies/crossTenantAccessPolicy/partners
  std::string action;  // "create"; empty: derived from the method
  std::string object;  // "partner configuration for 'contoso'"; empty: the path
};

// Graph's error body, when the response has one.
struct GraphError {
  std::string code;
  std::string message;
  std::string request_id;
  std::string date;
};

std::optional<GraphError> parse_graph_error(const std::string& body);

// The application permission a failed call needs, e.g. "Policy.ReadWrite.CrossTenantAccess"
// (with alternatives where the reference lists them), or "" when unknown.
std::string required_permission(const std::string& method, const std::string& path);

// A failed Graph response (status >= 400) or a transport error.
Diagnostic graph_failure(const FailureContext& context, const HttpResponse& response, int attempts);

// A failed token request: the token endpoint's {"error","error_description",
// "error_codes"} body, or a transport error.
Diagnostic token_failure(const std::string& tenant, const std::string& client_id, const HttpResponse& response,
                         int attempts);

// The advice for one AADSTS code ("" when unknown).
std::string aadsts_advice(long code, const std::string& tenant);

}  // namespace tf::graph
