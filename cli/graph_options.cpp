// Shared Graph options of plan, apply and status (graph_options.h).
#include "cli/graph_options.h"

#include <optional>
#include <utility>

namespace tf::cli {

namespace {

std::optional<std::string> non_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

}  // namespace

void add_graph_options(CLI::App& command, GraphOptions& options) {
  command.add_option("--emulator", options.emulator, "send all Graph traffic to a tenantform emulator at URL")
      ->envname("TENANTFORM_EMULATOR");
  command.add_option("--log-http", options.log_http, "write every HTTP exchange (secrets redacted) to FILE");
  command.add_option("--diagnostics", options.diagnostics, "how to print diagnostics: text or json (one per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

std::unique_ptr<graph::GraphSession> open_session(const GraphOptions& options, Diagnostics& diagnostics) {
  graph::GraphSetup setup;
  setup.emulator_flag = non_empty(options.emulator);
  setup.log_http = non_empty(options.log_http);
  auto [session, session_diagnostics] = graph::GraphSession::create(std::move(setup));
  diagnostics.append(session_diagnostics);
  return std::move(session);
}

}  // namespace tf::cli
