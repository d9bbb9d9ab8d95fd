// GraphClient::batch: requests grouped per tenant into POST /$batch calls of at
// most 20, and throttled items retried in later rounds.
#include "runtime/graph/graph_client.h"

#include <algorithm>

#include "runtime/graph/batch.h"

namespace tf::graph {

namespace {

Diagnostic plain(std::string message, std::string code) {
  Diagnostic d;
  d.message = std::move(message);
  d.code = std::move(code);
  return d;
}

bool is_idempotent(const GraphRequest& r) {
  return r.idempotency.value_or(default_idempotency(r.method)) == Idempotency::Idempotent;
}

// Per tenant, in first-seen order, the indices of its requests.
std::vector<std::pair<std::string, std::vector<std::size_t>>> tenant_groups(const std::vector<GraphRequest>& requests) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == requests[i].tenant; });
    if (it == groups.end()) groups.push_back({requests[i].tenant, {i}});
    else it->second.push_back(i);
  }
  return groups;
}

GraphRequest batch_post(const std::string& tenant, const std::vector<BatchItem>& items, bool all_idempotent) {
  GraphRequest post;
  post.tenant = tenant;
  post.method = "POST";
  post.path = "/$batch";
  post.body = batch_body(items);
  post.idempotency = all_idempotent ? Idempotency::Idempotent : Idempotency::NonIdempotent;
  post.action = "send";
  post.object = "a batch of " + std::to_string(items.size()) + " requests";
  return post;
}

const BatchItemResponse* find_item(const std::vector<BatchItemResponse>& items, const std::string& id) {
  for (const BatchItemResponse& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

// Throttled or unavailable items are sent again; a non-idempotent item only after
// a 429 (the server did not act on it).
bool item_retryable(const GraphResponse& r, const GraphRequest& request) {
  long s = r.status;
  return (s == 429 || s == 503 || s == 504) && (is_idempotent(request) || s == 429);
}

}  // namespace

std::vector<GraphResponse> GraphClient::batch(std::vector<GraphRequest> requests) {
  std::vector<GraphResponse> out(requests.size());
  std::vector<int> attempts(requests.size(), 0);
  Millis waited{0};
  Backoff backoff(options_.retry);
  std::vector<std::size_t> open(requests.size());
  for (std::size_t i = 0; i < open.size(); ++i) open[i] = i;
  while (!open.empty()) {
    std::vector<GraphRequest> subset;
    for (std::size_t i : open) subset.push_back(requests[i]);
    std::vector<int> tries;
    for (std::size_t i : open) tries.push_back(++attempts[i]);
    std::vector<GraphResponse> round = batch_round(subset, tries);
    std::vector<std::size_t> retry;
    Millis wait{0};
    for (std::size_t k = 0; k < open.size(); ++k) {
      std::size_t i = open[k];
      GraphResponse& r = round[k];
      if (item_retryable(r, requests[i]) && attempts[i] < options_.retry.max_attempts) {
        HttpResponse h;
        h.status = r.status;
        h.headers = r.headers;
        wait = std::max(wait, backoff.wait_after(h, attempts[i], clock_.wall_now()));
        retry.push_back(i);
      }
      out[i] = std::move(r);
    }
    if (retry.empty() || waited + wait > options_.retry.max_total_wait) break;
    waited += wait;
    clock_.sleep_for(wait);
    open = std::move(retry);
  }
  return out;
}

std::vector<GraphResponse> GraphClient::batch_round(const std::vector<GraphRequest>& requests,
                                                    const std::vector<int>& attempts) {
  std::vector<GraphRequest> posts;
  std::vector<std::vector<std::size_t>> members;  // per post, the request indices of its items
  for (const auto& [tenant, indices] : tenant_groups(requests))
    for (const auto& [first, size] : batch_chunks(indices.size())) {
      std::vector<BatchItem> items;
      std::vector<std::size_t> chunk;
      bool all_idempotent = true;
      for (std::size_t k = first; k < first + size; ++k) {
        const GraphRequest& r = requests[indices[k]];
        items.push_back(BatchItem{std::to_string(k - first + 1), r.method, relative_path(r), r.body, r.headers});
        chunk.push_back(indices[k]);
        all_idempotent = all_idempotent && is_idempotent(r);
      }
      posts.push_back(batch_post(tenant, items, all_idempotent));
      members.push_back(std::move(chunk));
    }
  std::vector<GraphResponse> answers = send_all(std::move(posts));
  std::vector<GraphResponse> out(requests.size());
  for (std::size_t b = 0; b < answers.size(); ++b) {
    std::optional<std::vector<BatchItemResponse>> items;
    if (!answers[b].error) items = parse_batch_response(answers[b].body.dump());
    for (std::size_t k = 0; k < members[b].size(); ++k) {
      std::size_t index = members[b][k];
      const BatchItemResponse* found = items ? find_item(*items, std::to_string(k + 1)) : nullptr;
      if (answers[b].error) {
        out[index].error = answers[b].error;
      } else if (!found) {
        out[index].error = plain("tenant '" + requests[index].tenant + "': the $batch answer has no response for " +
                                     requests[index].method + " " + relative_path(requests[index]),
                                 "batch-malformed");
      } else {
        out[index] = interpret(requests[index], Outcome{found->response, attempts[index], Millis{0}, false, {}});
      }
    }
  }
  return out;
}

}  // namespace tf::graph
