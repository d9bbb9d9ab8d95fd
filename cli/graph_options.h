// The options every command that talks to Microsoft Graph shares (--emulator with
// TENANTFORM_EMULATOR, --log-http, --diagnostics), added to a subcommand in one place,
// and the Graph session they open.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "compiler/diag/diagnostic.h"
#include "runtime/graph/graph_session.h"

namespace tf::cli {

struct GraphOptions {
  std::string emulator;
  std::string log_http;
  std::string diagnostics = "text";
};

void add_graph_options(CLI::App& command, GraphOptions& options);

// The session (null, with diagnostics, when the options are unusable: a non-loopback
// emulator URL, an unwritable trace file).
std::unique_ptr<graph::GraphSession> open_session(const GraphOptions& options, Diagnostics& diagnostics);

}  // namespace tf::cli
