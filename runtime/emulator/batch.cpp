// JSON batching (graph-api.md §10): POST /$batch with at most 20 requests, unique
// case-insensitive ids, "headers" with Content-Type whenever a body is present, and
// dependsOn: an item runs after the items it depends on and gets 424 when one of them
// failed (status >= 400). Items are dispatched through the same routes as single
// requests, in dependency order (otherwise request order); each answer carries its
// own status, headers and body. A malformed batch is a 400 for the whole request.
#include <algorithm>
#include <set>

#include "runtime/emulator/collection.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/router.h"
#include "runtime/emulator/url.h"

namespace tf::emulator {

namespace {

constexpr std::size_t kMaxBatchRequests = 20;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

ApiRequest item_request(const RouteContext& context, const nlohmann::json& item) {
  ApiRequest request;
  request.method = item.value("method", "GET");
  std::transform(request.method.begin(), request.method.end(), request.method.begin(), [](unsigned char c) { return std::toupper(c); });
  request.version = context.request.version;
  request.base_url = context.request.base_url;
  request.request_id = new_guid();
  std::string url = item.value("url", "");
  if (!url.starts_with("/")) url = "/" + url;
  for (const std::string& prefix : {std::string("/v1.0/"), std::string("/beta/")})
    if (url.starts_with(prefix)) url = url.substr(prefix.size() - 1);
  std::size_t question = url.find('?');
  request.path = url.substr(0, question);
  if (question != std::string::npos) request.query = parse_query(url.substr(question + 1));
  const nlohmann::json item_headers = item.value("headers", nlohmann::json::object());
  for (const auto& [key, value] : item_headers.items())
    request.headers[lower(key)] = value.is_string() ? value.get<std::string>() : value.dump();
  if (item.contains("body")) request.body = item["body"].is_string() ? item["body"].get<std::string>() : item["body"].dump();
  return request;
}

void validate_batch(const nlohmann::json& requests) {
  if (!requests.is_array() || requests.empty()) throw_bad_request("The batch must hold a non-empty 'requests' array.");
  if (requests.size() > kMaxBatchRequests)
    throw_bad_request("The batch holds " + std::to_string(requests.size()) + " requests; the limit is 20.");
  std::set<std::string> ids;
  for (const nlohmann::json& item : requests) {
    if (!item.is_object() || !item.contains("id") || !item.contains("method") || !item.contains("url"))
      throw_bad_request("Each batch request needs 'id', 'method' and 'url'.");
    std::string id = lower(item["id"].is_string() ? item["id"].get<std::string>() : item["id"].dump());
    if (lower(item["url"].get<std::string>()).find("$batch") != std::string::npos)
      throw_bad_request("A batch request cannot contain another batch.");
    if (!ids.insert(id).second) throw_bad_request("The batch request id '" + id + "' is not unique.");
    if (item.contains("body")) {
      bool has_type = false;
      const nlohmann::json item_headers = item.value("headers", nlohmann::json::object());
  for (const auto& [key, value] : item_headers.items()) has_type = has_type || lower(key) == "content-type";
      if (!has_type) throw_bad_request("The batch request '" + id + "' has a body but no 'Content-Type' header.");
    }
  }
  for (const nlohmann::json& item : requests)
    for (const nlohmann::json& dependency : item.value("dependsOn", nlohmann::json::array()))
      if (!ids.count(lower(dependency.get<std::string>())))
        throw_bad_request("The batch request depends on the unknown id '" + dependency.get<std::string>() + "'.");
}

nlohmann::json item_answer(const std::string& id, ApiResponse response) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [key, value] : response.headers) headers[key] = value;
  nlohmann::json answer = {{"id", id}, {"status", response.status}};
  if (response.body) {
    headers["Content-Type"] = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    headers["OData-Version"] = "4.0";
    answer["body"] = std::move(*response.body);  // a schema is large: never copied
  }
  answer["headers"] = headers;
  return answer;
}

ApiResponse run_batch(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  const nlohmann::json& requests = body.value("requests", nlohmann::json());
  validate_batch(requests);
  std::map<std::string, int> status_of;  // lower-case id -> status
  nlohmann::json responses = nlohmann::json::array();
  std::vector<bool> done(requests.size(), false);
  for (std::size_t round = 0; round < requests.size(); ++round)
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (done[i]) continue;
      const nlohmann::json& item = requests[i];
      std::string id = item["id"].is_string() ? item["id"].get<std::string>() : item["id"].dump();
      bool ready = true, failed = false;
      for (const nlohmann::json& dependency : item.value("dependsOn", nlohmann::json::array())) {
        auto it = status_of.find(lower(dependency.get<std::string>()));
        if (it == status_of.end()) ready = false;
        else if (it->second >= 400) failed = true;
      }
      if (!ready) continue;
      done[i] = true;
      ApiResponse response =
          failed ? error_response(GraphError(424, "FailedDependency", "The request depends on a request that failed."),
                                  context.request.request_id)
                 : context.env.router.dispatch(item_request(context, item), context.env, context.tenant_id);
      status_of[lower(id)] = response.status;
      responses.push_back(item_answer(id, std::move(response)));
    }
  for (std::size_t i = 0; i < requests.size(); ++i)
    if (!done[i]) throw_bad_request("The batch has a dependency cycle.");
  nlohmann::json answer = nlohmann::json::object();
  answer["responses"] = std::move(responses);
  return json_response(200, std::move(answer));
}

}  // namespace

void add_batch_route(Router& router) { router.add("POST", "/$batch", run_batch); }

}  // namespace tf::emulator
