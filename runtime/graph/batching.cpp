// GraphClient::batch: requests grouped per tenant into POST /$batch calls of at
// most 20, and throttled items retried in later rounds.
#include "runtime/graph/graph_client.h"

#include <algorithm>
#include <map>
#include <set>

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

BatchItemResponse* find_item(std::vector<BatchItemResponse>& items, const std::string& id) {
  for (BatchItemResponse& item : items)
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
  if (options_.batch_items <= 1) return send_all(std::move(requests));
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

void GraphClient::take_batch_answer(const std::vector<GraphRequest>& requests, const std::vector<int>& attempts,
                                    const std::vector<std::size_t>& members, GraphResponse answer,
                                    std::vector<GraphResponse>& out) {
  std::optional<std::vector<BatchItemResponse>> items;
  if (!answer.error) items = take_batch_response(std::move(answer.body));
  for (std::size_t k = 0; k < members.size(); ++k) {
    std::size_t index = members[k];
    BatchItemResponse* found = items ? find_item(*items, std::to_string(k + 1)) : nullptr;
    if (answer.error) {
      out[index].error = answer.error;
    } else if (!found) {
      out[index].error = plain("tenant '" + requests[index].tenant + "': the $batch answer has no response for " +
                                   requests[index].method + " " + relative_path(requests[index]),
                               "batch-malformed");
    } else {
      // A body that is a JSON string (not JSON content) is read as text, as a single
      // response's body would be; anything else is used as parsed.
      std::optional<nlohmann::json> parsed;
      if (found->body.is_string()) found->response.body = found->body.get<std::string>();
      else parsed = std::move(found->body);
      out[index] = interpret(requests[index], Outcome{std::move(found->response), attempts[index], Millis{0}, false, {}},
                             std::move(parsed));
    }
  }
}

std::vector<GraphResponse> GraphClient::batch_round(const std::vector<GraphRequest>& requests,
                                                    const std::vector<int>& attempts) {
  std::vector<GraphRequest> posts;
  std::vector<std::vector<std::size_t>> members;  // per post, the request indices of its items
  for (const auto& [tenant, indices] : tenant_groups(requests))
    for (const auto& [first, size] : batch_chunks(indices.size(), std::min(options_.batch_items, kMaxBatchRequests))) {
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
  // Each answer is taken apart as soon as it arrives, while the others are still
  // being served (a round's answers can be megabytes of JSON).
  std::vector<std::string> tenants;
  for (const GraphRequest& post : posts) tenants.push_back(post.tenant);
  tokens_.prefetch(tenants);
  std::map<Ticket, std::size_t> post_of;
  std::set<Ticket> open;
  for (std::size_t b = 0; b < posts.size(); ++b) {
    Ticket ticket = submit(std::move(posts[b]));
    post_of[ticket] = b;
    open.insert(ticket);
  }
  std::vector<GraphResponse> out(requests.size());
  while (!open.empty())
    for (auto& [ticket, answer] : poll_some(&open, Millis{1000})) {
      open.erase(ticket);
      take_batch_answer(requests, attempts, members[post_of.at(ticket)], std::move(answer), out);
    }
  return out;
}

}  // namespace tf::graph
