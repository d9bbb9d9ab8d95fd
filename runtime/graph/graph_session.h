// Everything a command needs to talk to Graph, built from what the CLI parsed:
// the curl transport (with the --log-http trace around it when asked), the system
// clock, one Redactor shared by the trace and the client, and the GraphClient.
//
//   GraphSetup setup;
//   setup.emulator_flag = args.emulator;   // --emulator URL (else TENANTFORM_EMULATOR)
//   setup.log_http = args.log_http;        // --log-http FILE
//   auto [session, diagnostics] = GraphSession::create(setup);
//   if (!session) { print(diagnostics); return 1; }
//   session->client().add_tenant(...);
//
// Promises: create() refuses a non-loopback emulator URL and an unwritable log file
// with diagnostics and returns no session; the trace file never holds a secret.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "compiler/diag/diagnostic.h"
#include "runtime/graph/clock.h"
#include "runtime/graph/curl_transport.h"
#include "runtime/graph/graph_client.h"
#include "runtime/graph/http_trace.h"
#include "runtime/graph/redact.h"

namespace tf::graph {

struct GraphSetup {
  std::optional<std::string> emulator_flag;  // --emulator
  std::optional<std::string> log_http;       // --log-http FILE
  TransportOptions transport;
  ClientOptions client;  // its `endpoints` are filled from emulator_flag / TENANTFORM_EMULATOR
};

class GraphSession {
 public:
  static std::pair<std::unique_ptr<GraphSession>, Diagnostics> create(GraphSetup setup);

  GraphClient& client() { return *client_; }
  Redactor& redactor() { return redactor_; }

 private:
  GraphSession() = default;

  Redactor redactor_;
  SystemClock clock_;
  std::unique_ptr<CurlTransport> curl_;
  std::unique_ptr<HttpTrace> trace_;
  std::unique_ptr<TracingTransport> traced_;
  std::unique_ptr<GraphClient> client_;
};

}  // namespace tf::graph
