// The --log-http facility: a redacted trace of every request and response, written
// by a TracingTransport that wraps the real transport (so token requests are
// traced too). Format, one block per message:
//
//   > #3 POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token [tenant fabrikam]
//   > content-type: application/x-www-form-urlencoded
//   >
//   > client_id=...&client_secret=[redacted]&...
//   < #3 200 (37 ms)
//   < content-type: application/json
//   <
//   < {"access_token":"[redacted]",...}
//
// Promises: everything written passes through the Redactor first (Authorization
// headers, client_secret/client_assertion fields and access_token values become
// "[redacted]", as do the run's registered secrets); bodies longer than
// max_body_bytes are cut with a marker; writes are serialised by a mutex.
#pragma once

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include "runtime/graph/http.h"
#include "runtime/graph/redact.h"

namespace tf::graph {

class HttpTrace {
 public:
  // Writes to `out` (kept by reference: it must outlive the trace).
  HttpTrace(std::ostream& out, const Redactor& redactor);
  // Opens `path` for writing (truncating); throws std::runtime_error when it cannot.
  static std::unique_ptr<HttpTrace> to_file(const std::string& path, const Redactor& redactor);

  void request(RequestId id, const HttpRequest& request);
  void response(RequestId id, const HttpResponse& response, std::chrono::milliseconds elapsed);

  std::size_t max_body_bytes = 64 * 1024;

 private:
  void block(char mark, const std::string& first_line, const std::vector<Header>& headers, const std::string& body);

  std::unique_ptr<std::ofstream> file_;  // when opened by to_file
  std::ostream* out_;
  const Redactor& redactor_;
  std::mutex mutex_;
};

class TracingTransport : public HttpTransport {
 public:
  TracingTransport(HttpTransport& inner, HttpTrace& trace) : inner_(inner), trace_(trace) {}
  RequestId submit(HttpRequest request) override;
  std::vector<Completion> wait(Millis max_wait) override;
  std::size_t in_flight() const override { return inner_.in_flight(); }

 private:
  HttpTransport& inner_;
  HttpTrace& trace_;
  std::map<RequestId, std::chrono::steady_clock::time_point> started_;
};

}  // namespace tf::graph
