// Graph and token-endpoint failures into diagnostics with advice.
#include "runtime/graph/graph_error.h"

#include <nlohmann/json.hpp>

namespace tf::graph {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The path without the query string.
std::string path_only(const std::string& path) { return path.substr(0, path.find('?')); }

std::string default_action(const std::string& method) {
  if (method == "GET") return "read";
  if (method == "POST") return "create";
  if (method == "PUT") return "write";
  if (method == "PATCH") return "update";
  if (method == "DELETE") return "delete";
  return method;
}

// Graph's message in quotes, without the trailing period and line breaks.
std::string quoted(std::string text) {
  std::size_t line = text.find_first_of("\r\n");
  if (line != std::string::npos) text.resize(line);
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return "'" + text + "'";
}

std::string what_failed(const FailureContext& c) {
  std::string call = c.method + " " + path_only(c.path);
  if (c.object.empty() && c.action.empty()) return "tenant '" + c.tenant + "': " + call + " failed";
  std::string action = c.action.empty() ? default_action(c.method) : c.action;
  std::string object = c.object.empty() ? "'" + path_only(c.path) + "'" : c.object;
  return "tenant '" + c.tenant + "': cannot " + action + " " + object + " (" + call + ")";
}

std::string advice_for(const FailureContext& c, long status, const std::string& code, int attempts) {
  const std::string tenant = "tenant '" + c.tenant + "'";
  if (status == 401 || code == "InvalidAuthenticationToken")
    return "the token was not accepted: check the credentials of " + tenant + " (client id, secret or certificate) and its cloud";
  if (status == 403) {
    std::string permission = required_permission(c.method, c.path);
    if (!permission.empty())
      return "grant the application permission " + permission + " in " + tenant + " and give admin consent";
    return "the application lacks a permission or directory role for this call in " + tenant;
  }
  if (code == "Request_MultipleObjectsWithSameKeyValue" || status == 409)
    return "it already exists; run 'tenantform plan' again so the plan starts from what exists";
  if (status == 404 || code == "Directory_ObjectNotFound" || code == "Request_ResourceNotFound")
    return "it does not exist (or not yet: new objects can take a few seconds to appear); run 'tenantform plan' again";
  if (status == 429 || status == 503 || status == 504)
    return "Graph kept throttling or was unavailable after " + std::to_string(attempts) +
           " attempts; try again later or lower the concurrency";
  if (status >= 500) return "Graph failed on its side; try again later and give the request-id to Microsoft support if it persists";
  return {};
}

std::string joined(const std::string& message, const std::string& advice) {
  return advice.empty() ? message : message + "; " + advice;
}

void add_request_id_note(Diagnostic& d, const std::string& request_id, const std::string& date) {
  if (request_id.empty()) return;
  d.note({}, "request-id " + request_id + (date.empty() ? "" : ", date " + date) +
                 " (quote it when asking Microsoft support)");
}

Diagnostic transport_failure(const std::string& subject, const HttpResponse& r, int attempts) {
  std::string advice = r.error == TransportError::Refused
                           ? std::string{}
                           : "check the network and proxy settings (https_proxy, no_proxy)";
  std::string tries = attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : "";
  Diagnostic d;
  d.message = joined(subject + ": " + transport_error_name(r.error) + tries + ": " + r.error_text, advice);
  d.code = "transport";
  return d;
}

// A string member of a JSON object, or "" (never throws on other shapes).
std::string text_of(const nlohmann::json& json, const char* key) {
  if (!json.is_object()) return {};
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string first_line(const std::string& text) { return text.substr(0, text.find_first_of("\r\n")); }

}  // namespace

std::optional<GraphError> parse_graph_error(const std::string& body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()) return std::nullopt;
  const nlohmann::json& e = json["error"];
  GraphError out;
  out.code = text_of(e, "code");
  out.message = text_of(e, "message");
  for (const char* inner_name : {"innerError", "innererror"})
    if (e.contains(inner_name) && e[inner_name].is_object()) {
      out.request_id = text_of(e[inner_name], "request-id");
      out.date = text_of(e[inner_name], "date");
    }
  return out;
}

std::string required_permission(const std::string& method, const std::string& full_path) {
  std::string path = path_only(full_path);
  bool read = method == "GET";
  if (starts_with(path, "/policies/crossTenantAccessPolicy"))
    return read ? "'Policy.Read.All'" : "'Policy.ReadWrite.CrossTenantAccess'";
  if (starts_with(path, "/applicationTemplates")) return "'Application.ReadWrite.All'";
  if (starts_with(path, "/servicePrincipals") && contains(path, "/synchronization"))
    return read ? "'Synchronization.Read.All'"
                : "'Synchronization.ReadWrite.All' (or 'Application.ReadWrite.OwnedBy' on an app it owns)";
  if (starts_with(path, "/servicePrincipals") && contains(path, "/appRoleAssignedTo"))
    return read ? "'Application.Read.All'" : "'AppRoleAssignment.ReadWrite.All' with 'Application.Read.All'";
  if (starts_with(path, "/servicePrincipals") || starts_with(path, "/applications"))
    return read ? "'Application.Read.All'" : "'Application.ReadWrite.All'";
  if (starts_with(path, "/auditLogs")) return "'AuditLog.Read.All'";
  if (starts_with(path, "/tenantRelationships/multiTenantOrganization"))
    return read ? "'MultiTenantOrganization.Read.All'" : "'MultiTenantOrganization.ReadWrite.All'";
  if (starts_with(path, "/users")) return read ? "'User.Read.All'" : "'User.ReadWrite.All'";
  if (starts_with(path, "/groups")) return read ? "'GroupMember.Read.All'" : "'Group.ReadWrite.All'";
  return {};
}

Diagnostic graph_failure(const FailureContext& context, const HttpResponse& response, int attempts) {
  if (response.error != TransportError::None) return transport_failure(what_failed(context), response, attempts);
  std::optional<GraphError> error = parse_graph_error(response.body);
  std::string code = error ? error->code : std::string{};
  std::string message = what_failed(context) + ": Graph returned " + std::to_string(response.status);
  if (!code.empty()) message += " " + code;
  if (error && !error->message.empty()) message += " (" + quoted(error->message) + ")";
  Diagnostic d;
  d.message = joined(message, advice_for(context, response.status, code, attempts));
  d.code = code.empty() ? "http-" + std::to_string(response.status) : code;
  std::string request_id = error && !error->request_id.empty() ? error->request_id : response.header("request-id");
  add_request_id_note(d, request_id, error ? error->date : std::string{});
  return d;
}

std::string aadsts_advice(long code, const std::string& tenant) {
  const std::string credentials = "check the credentials of tenant '" + tenant + "'";
  switch (code) {
    case 7000215: return "the client secret is wrong (use the secret's value, not its id); " + credentials;
    case 7000222: return "the client secret has expired; create a new one and update the credentials of tenant '" + tenant + "'";
    case 700016: return "no such application in the tenant; " + credentials + " (client id) and give admin consent there";
    case 7000229: return "the application has no service principal in the tenant; give it admin consent in tenant '" + tenant + "'";
    case 90002:
    case 900023: return "the tenant was not found; check the id and the cloud of tenant '" + tenant + "'";
    case 700027: return "the certificate is not registered on the application or the signature is wrong; " + credentials;
    case 700024: return "the client assertion is outside its valid time range; check the system clock";
    case 70011: return "the scope is not valid; check the cloud of tenant '" + tenant + "'";
    case 7000112: return "the application is disabled in tenant '" + tenant + "'";
    case 53003: return "a Conditional Access policy of tenant '" + tenant + "' blocked the application's sign-in";
    case 500011: return "the Graph resource was not found in the tenant; check the cloud of tenant '" + tenant + "'";
    case 65001: return "the application has not been consented; give admin consent in tenant '" + tenant + "'";
    default: return {};
  }
}

Diagnostic token_failure(const std::string& tenant, const std::string& client_id, const HttpResponse& response,
                         int attempts) {
  std::string subject = "tenant '" + tenant + "': cannot get a token for application '" + client_id + "'";
  if (response.error != TransportError::None) return transport_failure(subject, response, attempts);
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  std::string error = text_of(json, "error");
  std::string description = first_line(text_of(json, "error_description"));
  long code = 0;
  if (json.is_object() && json.contains("error_codes") && json["error_codes"].is_array() &&
      !json["error_codes"].empty() && json["error_codes"][0].is_number_integer())
    code = json["error_codes"][0].get<long>();
  std::string message = subject + ": the token endpoint returned " + std::to_string(response.status);
  if (!error.empty()) message += " " + error;
  if (!description.empty()) message += " (" + quoted(description) + ")";
  std::string advice = aadsts_advice(code, tenant);
  if (advice.empty() && (error == "invalid_client" || error == "unauthorized_client" || response.status == 401))
    advice = "check the credentials of tenant '" + tenant + "'";
  Diagnostic d;
  d.message = joined(message, advice);
  d.code = code != 0 ? "AADSTS" + std::to_string(code) : (error.empty() ? "http-" + std::to_string(response.status) : error);
  if (json.is_object()) {
    std::string trace = text_of(json, "trace_id");
    std::string correlation = text_of(json, "correlation_id");
    if (!trace.empty() || !correlation.empty())
      d.note({}, "trace-id " + trace + ", correlation-id " + correlation + " (quote them when asking Microsoft support)");
  }
  return d;
}

}  // namespace tf::graph
