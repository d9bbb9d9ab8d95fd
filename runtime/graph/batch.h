// JSON batching (graph-api.md §10): up to 20 requests in one POST /$batch, each
// answered with its own status, headers and body, possibly out of order. These are
// the pure parts (building bodies, reading answers); GraphClient::batch sends them.
//
// Promises: batch_body keeps the given order and ids; parse_batch_response returns
// nullopt unless the body is {"responses":[{"id","status",...}...]}.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/graph/http.h"

namespace tf::graph {

inline constexpr std::size_t kMaxBatchRequests = 20;

struct BatchItem {
  std::string id;
  std::string method = "GET";
  std::string url;  // relative to the version root, e.g. "/users?$select=id"
  std::optional<nlohmann::json> body;
  std::vector<Header> headers;
};

nlohmann::json batch_body(const std::vector<BatchItem>& items);

struct BatchItemResponse {
  std::string id;
  HttpResponse response;  // status, headers (lower-cased) and the body serialised back to text
  nlohmann::json body;
};

std::optional<std::vector<BatchItemResponse>> parse_batch_response(const std::string& body);
// The same from an answer already parsed, taking the item bodies out of it without
// copying: each item's `body` holds its JSON and `response.body` stays empty (a
// large batch of reads is then parsed once, never serialised back to text).
std::optional<std::vector<BatchItemResponse>> take_batch_response(nlohmann::json&& answer);

// Splits `count` items into consecutive chunks of at most kMaxBatchRequests:
// the (first index, size) of each chunk.
std::vector<std::pair<std::size_t, std::size_t>> batch_chunks(std::size_t count,
                                                              std::size_t chunk = kMaxBatchRequests);

}  // namespace tf::graph
