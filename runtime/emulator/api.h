// The emulator's request and response values, independent of the HTTP library so
// that $batch can dispatch its items through the same routes as real requests, and
// GraphError: what a route throws to answer with Graph's error body
// ({"error": {"code", "message", "innerError": {"request-id", "date"}}}). A response
// body is either a JSON value or JSON text already written (routes that serialise
// straight from the store, and $batch, which concatenates its items' texts): both
// reach the client as the same bytes `body.dump()` would give.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace tf::emulator {

struct ApiRequest {
  std::string method;                         // upper case
  std::string version;                        // "v1.0" or "beta"
  std::string path;                           // below the version, e.g. "/servicePrincipals/{id}"
  std::map<std::string, std::string> query;   // decoded; keys as sent ("$filter")
  std::map<std::string, std::string> headers; // keys lower case
  std::string body;
  std::string base_url;                       // "http://127.0.0.1:PORT"
  std::string request_id;
};

struct ApiResponse {
  int status = 200;
  std::optional<nlohmann::json> body;
  std::map<std::string, std::string> headers;
  // The body as JSON text, set instead of `body` (at most one of the two is set).
  std::optional<std::string> body_text;

  bool has_body() const { return body.has_value() || body_text.has_value(); }
  // The body's JSON text ("" when there is none); leaves the response without a body.
  std::string take_body_text();
};

struct GraphError : std::runtime_error {
  GraphError(int status_, std::string code_, const std::string& message_, nlohmann::json details_ = nullptr)
      : std::runtime_error(message_), status(status_), code(std::move(code_)), details(std::move(details_)) {}
  int status;
  std::string code;
  nlohmann::json details;  // null, or the "details" array
};

// Graph's error response for `error` (request id and date filled in).
ApiResponse error_response(const GraphError& error, const std::string& request_id);

ApiResponse json_response(int status, nlohmann::json body);
// A response whose body is `text`, which must be one JSON value as dump() writes it.
ApiResponse json_text_response(int status, std::string text);
inline ApiResponse no_content() { return ApiResponse{204, std::nullopt, {}, std::nullopt}; }

// The request body as JSON; throws a 400 GraphError when it is missing or malformed.
nlohmann::json parse_body(const ApiRequest& request);

// Common errors.
[[noreturn]] void throw_not_found(const std::string& what);
[[noreturn]] void throw_bad_request(const std::string& message);

}  // namespace tf::emulator
