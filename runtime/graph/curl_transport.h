// HttpTransport over the libcurl multi interface: one multi handle drives every
// transfer from the calling thread, so connections are kept alive and reused, and
// HTTP/2 streams are multiplexed where the server offers it. This is the only file
// pair of runtime/ that knows about libcurl (the header does not include it).
//
// Promises: TLS peer and host verification are always on; plain http:// is only
// sent to loopback hosts (anything else completes with TransportError::Refused, as
// does any scheme other than http and https); loopback traffic never goes through a
// proxy, other traffic uses the proxies of the standard environment variables
// (https_proxy, no_proxy, ...) as libcurl does by default. At most
// `max_per_host` transfers run against one host and `max_per_tenant` for one
// tenant; the rest wait in submission order. Not thread-safe: one thread drives it.
#pragma once

#include <memory>

#include "runtime/graph/http.h"

namespace tf::graph {

// Every tenant of a cloud is served by one Graph host (and, with --emulator, by one
// loopback server), so the per-host limit must leave room for all the tenants of a
// run at once: the per-tenant limit is what keeps a tenant within its throttling.
struct TransportOptions {
  std::size_t max_per_host = 64;
  std::size_t max_per_tenant = 4;
  std::size_t max_total = 64;
  Millis connect_timeout{10'000};
  Millis total_timeout{60'000};
  std::string user_agent = "tenantform";
  // A CA bundle (PEM) to verify servers against instead of the system's, for a private
  // CA such as a test server's; verification itself stays on.
  std::string ca_file{};
};

class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(TransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  RequestId submit(HttpRequest request) override;
  std::vector<Completion> wait(Millis max_wait) override;
  std::size_t in_flight() const override;

  // Connections libcurl opened so far (to observe keep-alive reuse in tests).
  long connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tf::graph
