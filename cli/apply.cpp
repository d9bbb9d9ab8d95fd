// `tenantform apply PATH`: executes a plan against the tenants.
//   tenantform apply FILE   a plan saved by `plan --out FILE` (applied as reviewed;
//                           refused when the tenants changed since it was made)
//   tenantform apply DIR    plans the manifest (a directory, or a *.yaml/*.yml file),
//                           shows the plan and asks "Do you want to perform these
//                           actions?" (only "yes" is accepted) unless --auto-approve;
//                           without a terminal and without --auto-approve it refuses.
// Progress lines go to stdout as changes start and finish. Exit 0 when every change
// succeeded (or there was nothing to do), 1 on any failure.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/graph_options.h"
#include "cli/output.h"
#include "cli/plan_pipeline.h"
#include "compiler/plan/plan_file.h"
#include "compiler/plan/render_text.h"
#include "runtime/apply/apply.h"
#include "runtime/apply/plan_tenants.h"
#include "runtime/graph/graph_session.h"
#include "runtime/observe/observe.h"

namespace {

struct ApplyArgs {
  std::string path;
  bool auto_approve = false;
  bool allow_destroy = false;
  int parallelism = 4;
  tf::cli::GraphOptions graph;
};

bool is_manifest_path(const std::string& path) {
  std::filesystem::path p(path);
  std::string ext = p.extension().string();
  return std::filesystem::is_directory(p) || ext == ".yaml" || ext == ".yml";
}

// A saved plan, with its tenants registered with the session's client.
std::optional<tf::plan::Plan> saved_plan(const ApplyArgs& args, tf::graph::GraphSession& session,
                                         tf::Diagnostics& diagnostics) {
  std::ifstream in(args.path, std::ios::binary);
  if (!in) {
    diagnostics.error({}, "cannot read the plan file '" + args.path + "'; check the path, or give a manifest directory",
                      "io");
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<tf::plan::Plan> plan = tf::plan::load_plan(text.str(), diagnostics);
  if (!plan || diagnostics.has_errors()) return std::nullopt;
  tf::apply::add_plan_tenants(session.client(), *plan, diagnostics);
  if (diagnostics.has_errors()) return std::nullopt;
  return plan;
}

// Asks for confirmation on the terminal; false (with a diagnostic when there is no
// terminal) unless the answer is exactly "yes".
bool confirmed(tf::Diagnostics& diagnostics) {
  if (!::isatty(STDIN_FILENO)) {
    diagnostics.error({}, "apply needs a confirmation and there is no terminal to ask on; review the plan and pass "
                          "--auto-approve, or save it with 'tenantform plan --out FILE' and apply FILE",
                      "no-confirmation");
    return false;
  }
  std::cout << "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "
            << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

int finish(const tf::Diagnostics& diagnostics, const ApplyArgs& args, int code) {
  if (!diagnostics.empty()) tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.graph.diagnostics));
  return code;
}

int run_apply(const ApplyArgs& args) {
  tf::Diagnostics diagnostics;
  std::unique_ptr<tf::graph::GraphSession> session = tf::cli::open_session(args.graph, diagnostics);
  if (!session) return finish(diagnostics, args, 1);
  bool from_manifest = is_manifest_path(args.path);
  std::optional<tf::plan::Plan> plan =
      from_manifest ? tf::cli::plan_configuration(args.path, args.allow_destroy, session->client(), diagnostics) : saved_plan(args, *session, diagnostics);
  if (!plan) return finish(diagnostics, args, 1);
  if (plan->empty()) {
    std::cout << "No changes. The tenants match the configuration.\n";
    return finish(diagnostics, args, 0);
  }
  if (from_manifest) {
    std::cout << tf::plan::render_plan_text(*plan);
    if (!args.auto_approve && !confirmed(diagnostics)) {
      if (!diagnostics.has_errors()) std::cout << "\nApply cancelled.\n";
      return finish(diagnostics, args, 1);
    }
    std::cout << "\n";
  }
  tf::apply::ApplyOptions options;
  options.per_tenant_parallelism = args.parallelism;
  tf::apply::ApplyResult result =
      tf::apply::apply(session->client(), *plan, options, diagnostics, [](const tf::apply::ProgressEvent& event) {
        std::cout << tf::apply::progress_line(event) << "\n" << std::flush;
      });
  if (result.stale) {
    std::cout << "\nApply refused: the plan is stale.\n";
  } else if (result.ok()) {
    std::cout << "\nApply complete! " << result.succeeded << " change(s) applied.\n";
  } else {
    std::cout << "\nApply failed: " << result.succeeded << " applied, " << result.failed << " failed, "
              << result.skipped << " skipped. Run 'tenantform plan' to see what is left.\n";
  }
  return finish(diagnostics, args, result.ok() ? 0 : 1);
}

const tf::cli::CommandRegistrar registrar{
    "apply", [](CLI::App& app) -> tf::cli::Run {
      auto args = std::make_shared<ApplyArgs>();
      CLI::App* command = app.add_subcommand("apply", "make the tenants match a saved plan or a manifest");
      command->add_option("PATH", args->path, "a plan saved by 'tenantform plan --out', or a manifest directory or file")
          ->required();
      command->add_flag("--auto-approve", args->auto_approve, "apply a manifest's plan without asking for confirmation");
      command->add_flag("--allow-destroy", args->allow_destroy,
                        "with a manifest: allow the plan to delete or replace objects");
      command->add_option("--parallelism", args->parallelism, "changes to run at once in each tenant")
          ->check(CLI::Range(1, 64))
          ->capture_default_str();
      tf::cli::add_graph_options(*command, args->graph);
      return [args] { return run_apply(*args); };
    }};

}  // namespace
