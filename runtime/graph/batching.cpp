// BatchReads and GraphClient::batch: reads grouped per tenant into POST /$batch
// calls of at most 20 as they become due, answered as each batch answer arrives, and
// throttled items sent again after their Retry-After.
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


GraphRequest batch_post(const std::string& tenant, const std::vector<BatchItem>& items, bool all_idempotent,
                        std::vector<std::string> unread) {
  GraphRequest post;
  post.unread = std::move(unread);  // the same for every item (BatchReads::flush groups by it)
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
  BatchReads reads(*this);
  for (std::size_t i = 0; i < requests.size(); ++i)
    reads.add(std::move(requests[i]), [&out, i](GraphResponse r) { out[i] = std::move(r); });
  reads.run();
  return out;
}

std::vector<GraphResponse> GraphClient::take_batch_answer(const std::vector<const GraphRequest*>& requests,
                                                          const std::vector<int>& attempts, GraphResponse answer) {
  std::vector<GraphResponse> out(requests.size());
  std::optional<std::vector<BatchItemResponse>> items;
  if (!answer.error) items = take_batch_response(std::move(answer.body));
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const GraphRequest& request = *requests[k];
    BatchItemResponse* found = items ? find_item(*items, std::to_string(k + 1)) : nullptr;
    if (answer.error) {
      out[k].error = answer.error;
    } else if (!found) {
      out[k].error = plain("tenant '" + request.tenant + "': the $batch answer has no response for " + request.method +
                               " " + relative_path(request),
                           "batch-malformed");
    } else {
      // A body that is a JSON string (not JSON content) is read as text, as a single
      // response's body would be; anything else is used as parsed.
      std::optional<nlohmann::json> parsed;
      if (found->body.is_string()) found->response.body = found->body.get<std::string>();
      else parsed = std::move(found->body);
      out[k] = interpret(request, Outcome{std::move(found->response), attempts[k], Millis{0}, false, {}}, std::move(parsed));
    }
  }
  return out;
}

BatchReads::BatchReads(GraphClient& client) : client_(client), backoff_(client.options_.retry) {}

void BatchReads::add(GraphRequest request, Done done) {
  queued_.push_back(reads_.size());
  reads_.push_back(Read{std::move(request), std::move(done)});
}

void BatchReads::run() {
  while (!queued_.empty() || !open_.empty()) {
    flush();
    SteadyTime now = client_.clock_.now();
    std::optional<SteadyTime> next_due;
    for (std::size_t i : queued_) next_due = next_due ? std::min(*next_due, reads_[i].not_before) : reads_[i].not_before;
    Millis until_due = next_due ? std::max(Millis{0}, std::chrono::ceil<Millis>(*next_due - now)) : Millis{1000};
    if (open_.empty()) {  // only retries waiting for their time
      client_.clock_.sleep_for(until_due);
      continue;
    }
    for (auto& [ticket, answer] : client_.poll_some(&open_, std::min(until_due, Millis{1000}))) {
      open_.erase(ticket);
      auto sent = sent_.extract(ticket);
      take(std::move(sent.mapped()), std::move(answer));
    }
  }
}

void BatchReads::flush() {
  SteadyTime now = client_.clock_.now();
  // Per tenant and set of unread members (one $batch answer is parsed with one set),
  // in first-seen order.
  using Group = std::pair<std::string, std::vector<std::string>>;  // copies: a refused read's callback may add reads
  std::vector<std::pair<Group, std::vector<std::size_t>>> due;
  std::vector<std::size_t> later;
  std::vector<std::pair<std::size_t, Diagnostic>> refused;  // a link off the tenant's Graph host
  for (std::size_t i : queued_) {
    if (reads_[i].not_before > now) {
      later.push_back(i);
      continue;
    }
    const GraphRequest& r = reads_[i].request;
    if (r.path.rfind("http://", 0) == 0 || r.path.rfind("https://", 0) == 0)
      if (std::optional<Diagnostic> bad = client_.check_next_link(r, r.path)) {
        refused.emplace_back(i, std::move(*bad));
        continue;
      }
    auto it = std::find_if(due.begin(), due.end(),
                           [&](const auto& g) { return g.first.first == r.tenant && g.first.second == r.unread; });
    if (it == due.end()) due.push_back({Group{r.tenant, r.unread}, {i}});
    else it->second.push_back(i);
  }
  queued_ = std::move(later);
  for (auto& [i, why] : refused) {  // answered at once, as a request that was never sent
    GraphResponse failed;
    failed.error = std::move(why);
    finish(i, std::move(failed));
  }
  if (due.empty()) return;
  std::vector<std::string> tenants;
  for (const auto& [group, members] : due)
    if (std::find(tenants.begin(), tenants.end(), group.first) == tenants.end()) tenants.push_back(group.first);
  client_.tokens_.prefetch(tenants);  // one concurrent round for the tenants without a token
  const std::size_t per_batch = std::min(client_.options_.batch_items, kMaxBatchRequests);
  for (const auto& [group, members] : due) {
    const std::string& tenant = group.first;
    for (const auto& [first, size] : batch_chunks(members.size(), std::max<std::size_t>(per_batch, 1))) {
      Sent sent{{members.begin() + first, members.begin() + first + size}, per_batch > 1};
      for (std::size_t i : sent.reads) ++reads_[i].attempts;
      GraphRequest request;
      if (!sent.batched) {
        request = reads_[sent.reads.front()].request;
      } else {
        std::vector<BatchItem> items;
        bool all_idempotent = true;
        for (std::size_t k = 0; k < sent.reads.size(); ++k) {
          const GraphRequest& r = reads_[sent.reads[k]].request;
          items.push_back(BatchItem{std::to_string(k + 1), r.method, client_.relative_path(r), r.body, r.headers});
          all_idempotent = all_idempotent && is_idempotent(r);
        }
        request = batch_post(tenant, items, all_idempotent, group.second);
      }
      GraphClient::Ticket ticket = client_.submit(std::move(request));
      open_.insert(ticket);
      sent_.emplace(ticket, std::move(sent));
    }
  }
}

void BatchReads::take(Sent sent, GraphResponse answer) {
  if (!sent.batched) return finish(sent.reads.front(), std::move(answer));
  std::vector<const GraphRequest*> requests;
  std::vector<int> attempts;
  for (std::size_t i : sent.reads) {
    requests.push_back(&reads_[i].request);
    attempts.push_back(reads_[i].attempts);
  }
  std::vector<GraphResponse> items = client_.take_batch_answer(requests, attempts, std::move(answer));
  requests.clear();  // a callback may add reads (reads_ may move)
  for (std::size_t k = 0; k < sent.reads.size(); ++k) {
    Read& read = reads_[sent.reads[k]];
    if (item_retryable(items[k], read.request) && read.attempts < backoff_.policy().max_attempts) {
      HttpResponse h;
      h.status = items[k].status;
      h.headers = items[k].headers;
      Millis wait = backoff_.wait_after(h, read.attempts, client_.clock_.wall_now());
      if (read.waited + wait <= backoff_.policy().max_total_wait) {
        read.waited += wait;
        read.not_before = client_.clock_.now() + wait;
        queued_.push_back(sent.reads[k]);
        continue;
      }
    }
    finish(sent.reads[k], std::move(items[k]));
  }
}

void BatchReads::finish(std::size_t read, GraphResponse response) {
  Done done = std::move(reads_[read].done);
  reads_[read].request = {};  // answered: its body is no longer needed
  done(std::move(response));
}

}  // namespace tf::graph
