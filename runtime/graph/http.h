// The HTTP layer as a tiny interface: submit requests, collect completions. The
// Graph client is written against HttpTransport only, so tests put an in-memory
// fake behind it and production uses CurlTransport (curl_transport.h).
//
// Promises of every implementation: each submitted request completes exactly once
// (with a response or a transport error); wait() returns completed requests in
// completion order and returns early when there is nothing in flight.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/graph/clock.h"

namespace tf::graph {

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;             // absolute
  std::vector<Header> headers;  // sent as given
  std::string body;
  std::string tenant;  // the tenant this request serves (for per-tenant concurrency limits); may be empty
};

// Why a request got no HTTP response.
enum class TransportError {
  None,
  NotSent,      // could not resolve or connect: the server never saw the request
  Timeout,      // connect or total timeout
  Interrupted,  // the connection broke after the request may have been sent
  Refused,      // refused by policy before sending (e.g. plain http to a remote host)
  Other,
};

struct HttpResponse {
  long status = 0;              // 0 when error != None
  std::vector<Header> headers;  // names lower-case, in arrival order
  std::string body;
  TransportError error = TransportError::None;
  std::string error_text;  // what went wrong, for error != None
  std::string protocol;    // "HTTP/1.1", "HTTP/2", ... as negotiated (empty when unknown)

  // The value of the first header named `name` (lower-case), or "".
  std::string header(const std::string& name) const;
};

using RequestId = std::uint64_t;

struct Completion {
  RequestId id = 0;
  HttpResponse response;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Queues a request; it starts as soon as the concurrency limits allow.
  virtual RequestId submit(HttpRequest request) = 0;
  // Blocks until at least one request completes or `max_wait` passes, then returns
  // every completion available. Returns at once when nothing is in flight.
  virtual std::vector<Completion> wait(Millis max_wait) = 0;
  // Requests submitted and not yet returned by wait().
  virtual std::size_t in_flight() const = 0;
};

// Submits one request and waits for it (other completions that arrive meanwhile
// are dropped, so use this only on a transport that serves one caller).
HttpResponse perform(HttpTransport& transport, HttpRequest request);

const char* transport_error_name(TransportError error);

}  // namespace tf::graph
