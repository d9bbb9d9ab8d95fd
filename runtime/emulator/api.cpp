// Error bodies and small response helpers (see api.h).
#include "runtime/emulator/api.h"

#include "runtime/emulator/ids.h"

namespace tf::emulator {

ApiResponse error_response(const GraphError& error, const std::string& request_id) {
  std::string date = iso_time(std::chrono::system_clock::now());
  nlohmann::json body = {{"code", error.code},
                         {"message", error.what()},
                         {"innerError", {{"date", date.substr(0, date.size() - 1)}, {"request-id", request_id},
                                         {"client-request-id", request_id}}}};
  if (!error.details.is_null()) body["details"] = error.details;
  return json_response(error.status, nlohmann::json{{"error", body}});
}

ApiResponse json_response(int status, nlohmann::json body) { return ApiResponse{status, std::move(body), {}, std::nullopt}; }

ApiResponse json_text_response(int status, std::string text) {
  return ApiResponse{status, std::nullopt, {}, std::move(text)};
}

std::string ApiResponse::take_body_text() {
  std::string text = body_text ? std::move(*body_text) : body ? body->dump() : std::string();
  body.reset();
  body_text.reset();
  return text;
}

nlohmann::json parse_body(const ApiRequest& request) {
  if (request.body.empty()) throw_bad_request("the request body is empty; expected a JSON object");
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw_bad_request("the request body is not a JSON object");
  return body;
}

void throw_not_found(const std::string& what) {
  throw GraphError(404, "Request_ResourceNotFound",
                   "Resource '" + what + "' does not exist or one of its queried reference-property objects are not present.");
}

void throw_bad_request(const std::string& message) { throw GraphError(400, "Request_BadRequest", message); }

}  // namespace tf::emulator
