// Assembly of the Graph layers for a command.
#include "runtime/graph/graph_session.h"

#include <stdexcept>

namespace tf::graph {

std::pair<std::unique_ptr<GraphSession>, Diagnostics> GraphSession::create(GraphSetup setup) {
  Diagnostics diagnostics;
  setup.client.endpoints = endpoint_options_from(setup.emulator_flag);
  diagnostics.append(check_endpoint_options(setup.client.endpoints));
  if (diagnostics.has_errors()) return {nullptr, std::move(diagnostics)};
  std::unique_ptr<GraphSession> session(new GraphSession());
  session->curl_ = std::make_unique<CurlTransport>(setup.transport);
  HttpTransport* transport = session->curl_.get();
  if (setup.log_http && !setup.log_http->empty()) {
    try {
      session->trace_ = HttpTrace::to_file(*setup.log_http, session->redactor_);
    } catch (const std::runtime_error& e) {
      diagnostics.error({}, std::string(e.what()) + "; check that its directory exists and is writable", "log-http");
      return {nullptr, std::move(diagnostics)};
    }
    session->traced_ = std::make_unique<TracingTransport>(*session->curl_, *session->trace_);
    transport = session->traced_.get();
  }
  session->client_ = std::make_unique<GraphClient>(*transport, session->clock_, setup.client, session->redactor_);
  return {std::move(session), std::move(diagnostics)};
}

}  // namespace tf::graph
