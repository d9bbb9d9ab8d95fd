// JSON batching (graph-api.md §10): POST /$batch with at most 20 requests, unique
// case-insensitive ids, "headers" with Content-Type whenever a body is present, and
// dependsOn: an item runs after the items it depends on and gets 424 when one of them
// failed (status >= 400). Items are dispatched through the same routes as single
// requests, in dependency order (otherwise request order); each answer carries its
// own status, headers and body. A malformed batch is a 400 for the whole request.
// The answer is written as text, each item's body appended as the item's route wrote
// it (a schema is ~17 KB): the same bytes as dump() of the whole answer as one value.
#include <algorithm>
#include <set>

#include "compiler/core/json_text.h"
#include "runtime/emulator/collection.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/router.h"
#include "runtime/emulator/url.h"

namespace tf::emulator {

namespace {

constexpr std::size_t kMaxBatchRequests = 20;
// An item's answer around its body: id, status and headers (~250 bytes).
constexpr std::size_t kItemOverhead = 320;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// object[key] without json::value()'s copy of it, or `fallback` when it is missing
// (`object` is an object: the body and its items are checked before).
const nlohmann::json& member_or(const nlohmann::json& object, const char* key, const nlohmann::json& fallback) {
  auto it = object.find(key);
  return it != object.end() ? *it : fallback;
}

const nlohmann::json& empty_object() {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

const nlohmann::json& empty_array() {
  static const nlohmann::json empty = nlohmann::json::array();
  return empty;
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
  for (const auto& [key, value] : member_or(item, "headers", empty_object()).items())
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
      for (const auto& [key, value] : member_or(item, "headers", empty_object()).items())
        has_type = has_type || lower(key) == "content-type";
      if (!has_type) throw_bad_request("The batch request '" + id + "' has a body but no 'Content-Type' header.");
    }
  }
  for (const nlohmann::json& item : requests)
    for (const nlohmann::json& dependency : member_or(item, "dependsOn", empty_array()))
      if (!ids.count(lower(dependency.get<std::string>())))
        throw_bad_request("The batch request depends on the unknown id '" + dependency.get<std::string>() + "'.");
}

// Appends {"body"?, "headers", "id", "status"} (dump()'s key order) to `out`.
void append_item_answer(std::string& out, const std::string& id, const ApiResponse& response) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [key, value] : response.headers) headers[key] = value;
  out += '{';
  if (response.has_body()) {
    headers["Content-Type"] = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    headers["OData-Version"] = "4.0";
    out += "\"body\":";
    if (response.body_text) out += *response.body_text;
    else append_json(out, *response.body);
    out += ',';
  }
  out += "\"headers\":";
  append_json(out, headers);
  out += ",\"id\":";
  append_json(out, nlohmann::json(id));
  out += ",\"status\":" + std::to_string(response.status) + "}";
}

ApiResponse run_batch(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  static const nlohmann::json none;
  const nlohmann::json& requests = member_or(body, "requests", none);
  validate_batch(requests);
  std::map<std::string, int> status_of;  // lower-case id -> status
  std::vector<std::pair<std::string, ApiResponse>> answers;  // (id, response) in the order they ran
  std::vector<bool> done(requests.size(), false);
  for (std::size_t round = 0; round < requests.size(); ++round)
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (done[i]) continue;
      const nlohmann::json& item = requests[i];
      std::string id = item["id"].is_string() ? item["id"].get<std::string>() : item["id"].dump();
      bool ready = true, failed = false;
      for (const nlohmann::json& dependency : member_or(item, "dependsOn", empty_array())) {
        auto it = status_of.find(lower(dependency.get<std::string>()));
        if (it == status_of.end()) ready = false;
        else if (it->second >= 400) failed = true;
      }
      if (!ready) continue;
      done[i] = true;
      ApiResponse response =
          failed ? error_response(GraphError(424, "FailedDependency", "The request depends on a request that failed."),
                                  context.request.request_id)
                 : context.env.router.dispatch(item_request(context, item), context.env, context.tenant_id, context.access);
      status_of[lower(id)] = response.status;
      answers.emplace_back(std::move(id), std::move(response));
    }
  for (std::size_t i = 0; i < requests.size(); ++i)
    if (!done[i]) throw_bad_request("The batch has a dependency cycle.");
  // Sized once: 20 schemas make ~350 KB, which growing by doubling would copy twice over.
  std::size_t size = 16;
  for (const auto& [id, response] : answers) size += kItemOverhead + (response.body_text ? response.body_text->size() : 0);
  std::string answer;
  answer.reserve(size);
  answer += "{\"responses\":[";
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (i) answer += ',';
    append_item_answer(answer, answers[i].first, answers[i].second);
  }
  answer += "]}";
  return json_text_response(200, std::move(answer));
}

}  // namespace

void add_batch_route(Router& router) { router.add("POST", "/$batch", run_batch); }

}  // namespace tf::emulator
