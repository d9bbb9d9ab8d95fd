// The retrying request loop.
#include "runtime/graph/request_engine.h"

#include <algorithm>

namespace tf::graph {

RequestEngine::RequestEngine(HttpTransport& transport, Clock& clock, RetryPolicy policy)
    : transport_(transport), clock_(clock), backoff_(policy) {}

Outcome RequestEngine::run_one(PreparedRequest request) {
  std::vector<PreparedRequest> one;
  one.push_back(std::move(request));
  return std::move(run(std::move(one)).front());
}

std::vector<Outcome> RequestEngine::run(std::vector<PreparedRequest> requests) {
  std::vector<Slot> slots(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) slots[i].request = std::move(requests[i]);
  std::vector<Slot*> live;
  for (Slot& s : slots) live.push_back(&s);
  auto waiting = [&] { return std::any_of(slots.begin(), slots.end(), [](const Slot& s) { return !s.done; }); };
  while (waiting()) {
    SteadyTime now = clock_.now();
    for (Slot* s : live) submit_due(*s, now);
    wait_for_progress(live, now, Millis{1000});
  }
  std::vector<Outcome> out;
  for (Slot& s : slots) out.push_back(std::move(s.outcome));
  return out;
}

RequestEngine::Ticket RequestEngine::start(PreparedRequest request) {
  Ticket ticket = next_ticket_++;
  open_[ticket].request = std::move(request);
  return ticket;
}

std::vector<std::pair<RequestEngine::Ticket, Outcome>> RequestEngine::step(Millis max_wait) {
  std::vector<Slot*> live;
  for (auto& [ticket, slot] : open_) live.push_back(&slot);
  SteadyTime now = clock_.now();
  for (Slot* s : live) submit_due(*s, now);
  if (std::none_of(live.begin(), live.end(), [](const Slot* s) { return s->done; }))
    wait_for_progress(live, now, max_wait);
  std::vector<std::pair<Ticket, Outcome>> finished;
  for (auto it = open_.begin(); it != open_.end();) {
    if (!it->second.done) {
      ++it;
      continue;
    }
    finished.emplace_back(it->first, std::move(it->second.outcome));
    it = open_.erase(it);
  }
  return finished;
}

void RequestEngine::wait_for_progress(const std::vector<Slot*>& slots, SteadyTime now, Millis max_wait) {
  bool any_in_flight = std::any_of(slots.begin(), slots.end(), [](const Slot* s) { return s->in_flight.has_value(); });
  std::optional<SteadyTime> next_due;
  for (const Slot* s : slots)
    if (!s->done && !s->in_flight && (!next_due || s->not_before < *next_due)) next_due = s->not_before;
  Millis until_due = next_due ? std::max(Millis{0}, std::chrono::duration_cast<Millis>(*next_due - now)) : max_wait;
  if (any_in_flight) {
    collect(std::min(until_due, max_wait));
    bool transport_idle = transport_.in_flight() == 0;
    for (Slot* s : slots) settle(*s, transport_idle);
  } else if (next_due) {
    clock_.sleep_for(std::min(until_due, max_wait));
  }
}

void RequestEngine::submit_due(Slot& s, SteadyTime now) {
  if (s.done || s.in_flight || s.not_before > now) return;
  ++s.attempts;
  s.in_flight = transport_.submit(s.request.http);
}

void RequestEngine::collect(Millis max_wait) {
  for (Completion& c : transport_.wait(max_wait)) mailbox_[c.id] = std::move(c.response);
}

void RequestEngine::settle(Slot& s, bool transport_idle) {
  if (!s.in_flight) return;
  auto it = mailbox_.find(*s.in_flight);
  if (it == mailbox_.end()) {
    if (!transport_idle) return;
    HttpResponse lost;  // a transport that forgot a request: fail it rather than wait forever
    lost.error = TransportError::Other;
    lost.error_text = "the request was lost by the transport";
    s.in_flight.reset();
    decide(s, std::move(lost));
    return;
  }
  HttpResponse response = std::move(it->second);
  mailbox_.erase(it);
  s.in_flight.reset();
  decide(s, std::move(response));
}

void RequestEngine::decide(Slot& s, HttpResponse response) {
  auto finish = [&](std::string why) {
    s.outcome.response = std::move(response);
    s.outcome.attempts = s.attempts;
    s.outcome.waited = s.waited;
    s.outcome.why_stopped = std::move(why);
    s.done = true;
  };
  const RetryPolicy& policy = backoff_.policy();
  if (!is_retryable(response)) return finish({});
  if (s.attempts >= policy.max_attempts)
    return finish("gave up after " + std::to_string(s.attempts) + " attempts (the retry limit)");
  bool creates = s.request.idempotency == Idempotency::NonIdempotent;
  if (creates && !(policy.retry_unprocessed_creates && certainly_not_processed(response))) {
    if (!s.request.look_first)
      return finish("not retried: the request creates something and may have succeeded; run 'tenantform plan' "
                    "again to see whether it exists");
    LookFirstResult found = s.request.look_first(s.request.http);
    if (found.kind == LookFirstResult::Kind::Found) {
      response = std::move(found.existing);
      s.outcome.found_by_look_first = true;
      return finish({});
    }
    if (found.kind == LookFirstResult::Kind::Unknown)
      return finish("not retried: the request creates something and looking for it first was inconclusive");
  }
  Millis wait = backoff_.wait_after(response, s.attempts, clock_.wall_now());
  if (s.waited + wait > policy.max_total_wait)
    return finish("gave up after " + std::to_string(s.attempts) + " attempts: the next wait (" +
                  std::to_string(wait.count()) + " ms) would exceed the retry budget of " +
                  std::to_string(policy.max_total_wait.count()) + " ms");
  s.waited += wait;
  s.not_before = clock_.now() + wait;
}

}  // namespace tf::graph
