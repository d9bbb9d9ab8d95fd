// `tenantform plan PATH`: compiles the manifest, expands it to the desired objects,
// reads the tenants (observe), compares (diff) and prints the plan as text, JSON or
// Markdown; `--out FILE` saves it for `apply`. Exit codes as Terraform: 0 success
// (with --detailed-exitcode: no changes), 1 error, 2 changes present (with
// --detailed-exitcode). Nothing is printed on stdout or saved when a stage fails.
#include <fstream>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/graph_options.h"
#include "cli/output.h"
#include "cli/plan_pipeline.h"
#include "compiler/plan/plan_file.h"
#include "compiler/plan/render_json.h"
#include "compiler/plan/render_markdown.h"
#include "compiler/plan/render_text.h"

namespace {

struct PlanArgs {
  std::string path;
  std::string out;
  std::string format = "text";
  bool detailed_exitcode = false;
  bool allow_destroy = false;
  tf::cli::GraphOptions graph;
};

std::string render(const tf::plan::Plan& plan, const std::string& format) {
  if (format == "json") return tf::plan::render_plan_json(plan);
  if (format == "markdown") return tf::plan::render_plan_markdown(plan);
  return tf::plan::render_plan_text(plan);
}

bool write_plan(const std::string& path, const tf::plan::Plan& plan, tf::Diagnostics& diagnostics) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << tf::plan::save_plan(plan);
  out.close();
  if (out) return true;
  diagnostics.error(tf::Location{},
                    "cannot write the plan to '" + path + "'; check the directory exists and is writable",
                    "io");
  return false;
}

// A Graph session from the flags, then the planning pipeline.
std::optional<tf::plan::Plan> make_plan(const PlanArgs& args, tf::Diagnostics& diagnostics) {
  std::unique_ptr<tf::graph::GraphSession> session = tf::cli::open_session(args.graph, diagnostics);
  if (!session) return std::nullopt;
  return tf::cli::plan_configuration(args.path, args.allow_destroy, session->client(), diagnostics);
}

int run_plan(const PlanArgs& args) {
  tf::Diagnostics diagnostics;
  std::optional<tf::plan::Plan> plan = make_plan(args, diagnostics);
  if (plan && !args.out.empty()) write_plan(args.out, *plan, diagnostics);
  if (!diagnostics.empty())
    tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.graph.diagnostics));
  if (!plan || diagnostics.has_errors()) return 1;
  std::cout << render(*plan, args.format);
  if (!args.out.empty() && args.format == "text")
    std::cout << "\nSaved the plan to: " << args.out << "\nTo perform exactly these actions, run:\n"
              << "    tenantform apply " << args.out << "\n";
  return args.detailed_exitcode && !plan->empty() ? 2 : 0;
}

const tf::cli::CommandRegistrar registrar{
    "plan", [](CLI::App& app) -> tf::cli::Run {
      auto args = std::make_shared<PlanArgs>();
      CLI::App* command =
          app.add_subcommand("plan", "read the tenants and show the changes that would make them match");
      command->add_option("PATH", args->path, "a manifest file, or a directory of *.yaml / *.yml files")
          ->required();
      command->add_option("--out", args->out, "save the plan to FILE for 'tenantform apply FILE'");
      command->add_option("--format", args->format, "how to print the plan: text, json or markdown")
          ->check(CLI::IsMember({"text", "json", "markdown"}))
          ->capture_default_str();
      command->add_flag("--detailed-exitcode", args->detailed_exitcode,
                        "exit 2 when there are changes, 0 when there are none (1 is an error)");
      command->add_flag("--allow-destroy", args->allow_destroy,
                        "allow the plan to delete or replace objects");
      tf::cli::add_graph_options(*command, args->graph);
      return [args] { return run_plan(*args); };
    }};

}  // namespace
