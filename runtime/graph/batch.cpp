// $batch bodies and answers.
#include "runtime/graph/batch.h"

#include <algorithm>
#include <cctype>

namespace tf::graph {

nlohmann::json batch_body(const std::vector<BatchItem>& items) {
  nlohmann::json requests = nlohmann::json::array();
  for (const BatchItem& item : items) {
    nlohmann::json r = {{"id", item.id}, {"method", item.method}, {"url", item.url}};
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : item.headers) headers[name] = value;
    if (item.body) {
      r["body"] = *item.body;
      if (!headers.contains("Content-Type")) headers["Content-Type"] = "application/json";
    }
    if (!headers.empty()) r["headers"] = headers;
    requests.push_back(std::move(r));
  }
  return {{"requests", requests}};
}

namespace {

std::optional<BatchItemResponse> parse_item(nlohmann::json& item, bool keep_text) {
  if (!item.is_object()) return std::nullopt;
  auto id = item.find("id");
  auto status = item.find("status");
  if (id == item.end() || status == item.end() || !status->is_number_integer()) return std::nullopt;
  BatchItemResponse out;
  out.id = id->is_string() ? id->get<std::string>() : id->dump();
  out.response.status = status->get<long>();
  if (auto headers = item.find("headers"); headers != item.end() && headers->is_object())
    for (const auto& [name, value] : headers->items()) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      out.response.headers.emplace_back(lower, value.is_string() ? value.get<std::string>() : value.dump());
    }
  if (auto body = item.find("body"); body != item.end()) {
    if (keep_text) out.response.body = body->is_string() ? body->get<std::string>() : body->dump();
    out.body = std::move(*body);
  }
  return out;
}

std::optional<std::vector<BatchItemResponse>> take_items(nlohmann::json& answer, bool keep_text) {
  if (!answer.is_object()) return std::nullopt;
  auto responses = answer.find("responses");
  if (responses == answer.end() || !responses->is_array()) return std::nullopt;
  std::vector<BatchItemResponse> out;
  out.reserve(responses->size());
  for (nlohmann::json& item : *responses) {
    std::optional<BatchItemResponse> parsed = parse_item(item, keep_text);
    if (!parsed) return std::nullopt;
    out.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace

std::optional<std::vector<BatchItemResponse>> parse_batch_response(const std::string& body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  return take_items(json, true);
}

std::optional<std::vector<BatchItemResponse>> take_batch_response(nlohmann::json&& answer) {
  return take_items(answer, false);
}

std::vector<std::pair<std::size_t, std::size_t>> batch_chunks(std::size_t count, std::size_t chunk) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  chunk = std::max<std::size_t>(1, chunk);
  for (std::size_t first = 0; first < count; first += chunk) out.emplace_back(first, std::min(chunk, count - first));
  return out;
}

}  // namespace tf::graph
