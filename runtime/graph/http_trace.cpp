// The redacted HTTP trace.
#include "runtime/graph/http_trace.h"

#include <sstream>
#include <stdexcept>

namespace tf::graph {

HttpTrace::HttpTrace(std::ostream& out, const Redactor& redactor) : out_(&out), redactor_(redactor) {}

std::unique_ptr<HttpTrace> HttpTrace::to_file(const std::string& path, const Redactor& redactor) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) throw std::runtime_error("cannot open the HTTP log '" + path + "' for writing");
  auto trace = std::make_unique<HttpTrace>(*file, redactor);
  trace->file_ = std::move(file);
  return trace;
}

void HttpTrace::block(char mark, const std::string& first_line, const std::vector<Header>& headers,
                      const std::string& body) {
  std::ostringstream text;
  text << mark << ' ' << first_line << '\n';
  for (const auto& [name, value] : headers) text << mark << ' ' << name << ": " << value << '\n';
  if (!body.empty()) {
    text << mark << '\n';
    std::string shown = body.size() > max_body_bytes
                            ? body.substr(0, max_body_bytes) + "... [" + std::to_string(body.size()) + " bytes]"
                            : body;
    std::istringstream lines(shown);
    for (std::string line; std::getline(lines, line);) text << mark << ' ' << line << '\n';
  }
  std::string redacted = redactor_.redact(text.str());
  std::lock_guard lock(mutex_);
  *out_ << redacted << std::flush;
}

void HttpTrace::request(RequestId id, const HttpRequest& r) {
  std::string line = "#" + std::to_string(id) + " " + r.method + " " + r.url;
  if (!r.tenant.empty()) line += " [tenant " + r.tenant + "]";
  block('>', line, r.headers, r.body);
}

void HttpTrace::response(RequestId id, const HttpResponse& r, std::chrono::milliseconds elapsed) {
  std::string line = "#" + std::to_string(id) + " ";
  line += r.error == TransportError::None ? std::to_string(r.status)
                                          : std::string(transport_error_name(r.error)) + ": " + r.error_text;
  line += " (" + std::to_string(elapsed.count()) + " ms)";
  block('<', line, r.headers, r.body);
}

RequestId TracingTransport::submit(HttpRequest request) {
  HttpRequest copy = request;
  RequestId id = inner_.submit(std::move(request));
  started_[id] = std::chrono::steady_clock::now();
  trace_.request(id, copy);
  return id;
}

std::vector<Completion> TracingTransport::wait(Millis max_wait) {
  std::vector<Completion> done = inner_.wait(max_wait);
  auto now = std::chrono::steady_clock::now();
  for (const Completion& c : done) {
    auto it = started_.find(c.id);
    Millis elapsed{0};
    if (it != started_.end()) {
      elapsed = std::chrono::duration_cast<Millis>(now - it->second);
      started_.erase(it);
    }
    trace_.response(c.id, c.response, elapsed);
  }
  return done;
}

}  // namespace tf::graph
