// An in-memory HttpTransport for the Graph client's unit tests: a handler answers
// each request at once, and every request is recorded for inspection.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "runtime/graph/http.h"

namespace tf::graph::test {

class FakeTransport : public HttpTransport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  RequestId submit(HttpRequest request) override {
    RequestId id = next_++;
    requests.push_back(request);
    done_.push_back(Completion{id, handler_(request)});
    return id;
  }
  std::vector<Completion> wait(Millis) override {
    std::vector<Completion> out(done_.begin(), done_.end());
    done_.clear();
    return out;
  }
  std::size_t in_flight() const override { return done_.size(); }

  std::vector<HttpRequest> requests;

 private:
  Handler handler_;
  RequestId next_ = 1;
  std::deque<Completion> done_;
};

inline HttpResponse respond(long status, std::string body = {}, std::vector<Header> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

inline HttpResponse transport_failure(TransportError error) {
  HttpResponse r;
  r.error = error;
  r.error_text = "simulated";
  return r;
}

inline bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::string header_of(const HttpRequest& r, const std::string& name) {
  for (const auto& [key, value] : r.headers)
    if (key == name) return value;
  return {};
}

}  // namespace tf::graph::test
