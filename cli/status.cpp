// `tenantform status PATH`: how each link of the configuration is syncing: its job's
// state, the last provisioning cycle and its counts, quarantine (with what to do), and
// the latest provisioning log entries. Reads only. Exit codes: 0, 1 on an error; with
// --detailed-exitcode 2 when any link is not healthy (failing, quarantined, paused or
// not set up), so a scheduled check can alert on it.
#include <algorithm>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/graph_options.h"
#include "cli/output.h"
#include "cli/plan_pipeline.h"
#include "runtime/observe/status.h"

namespace {

struct StatusArgs {
  std::string path;
  std::string format = "text";
  int logs = 5;
  bool detailed_exitcode = false;
  tf::cli::GraphOptions graph;
};

int run_status(const StatusArgs& args) {
  tf::Diagnostics diagnostics;
  std::optional<std::vector<tf::observe::LinkStatus>> links;
  if (std::unique_ptr<tf::graph::GraphSession> session = tf::cli::open_session(args.graph, diagnostics)) {
    if (auto read = tf::cli::observe_configuration(args.path, session->client(), diagnostics))
      links = tf::observe::read_status(session->client(), read->compiled, read->observed, {args.logs}, diagnostics);
  }
  if (!diagnostics.empty())
    tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.graph.diagnostics));
  if (!links || diagnostics.has_errors()) return 1;
  std::cout << (args.format == "json" ? tf::observe::render_status_json(*links) : tf::observe::render_status_text(*links));
  bool all_healthy = std::all_of(links->begin(), links->end(), [](const tf::observe::LinkStatus& link) {
    return link.health == tf::observe::LinkHealth::Healthy;
  });
  return args.detailed_exitcode && !all_healthy ? 2 : 0;
}

const tf::cli::CommandRegistrar registrar{
    "status", [](CLI::App& app) -> tf::cli::Run {
      auto args = std::make_shared<StatusArgs>();
      CLI::App* command = app.add_subcommand("status", "show how each link is syncing: jobs and provisioning logs");
      command->add_option("PATH", args->path, "a manifest file, or a directory of *.yaml / *.yml files")->required();
      command->add_option("--format", args->format, "how to print the status: text or json")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
      command->add_option("--logs", args->logs, "provisioning log entries to show per link (0: none)")
          ->check(CLI::Range(0, 100))
          ->capture_default_str();
      command->add_flag("--detailed-exitcode", args->detailed_exitcode,
                        "exit 2 when any link is not healthy, 0 when all are (1 is an error)");
      tf::cli::add_graph_options(*command, args->graph);
      return [args] { return run_status(*args); };
    }};

}  // namespace
