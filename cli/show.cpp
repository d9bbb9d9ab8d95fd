// `tenantform show FILE`: prints a saved plan (plan --out) as text, JSON or Markdown.
// Exit 0, or 1 when the file cannot be read or is not a usable plan.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "compiler/plan/plan_file.h"
#include "compiler/plan/render_json.h"
#include "compiler/plan/render_markdown.h"
#include "compiler/plan/render_text.h"

namespace {

struct ShowArgs {
  std::string file;
  std::string format = "text";
  std::string diagnostics = "text";
};

std::optional<std::string> read_text(const std::string& path, tf::Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (in) return text.str();
  diagnostics.error(tf::Location{}, "cannot read the plan file '" + path + "'", "io");
  return std::nullopt;
}

int run_show(const ShowArgs& args) {
  tf::Diagnostics diagnostics;
  std::optional<tf::plan::Plan> plan;
  if (std::optional<std::string> text = read_text(args.file, diagnostics))
    plan = tf::plan::load_plan(*text, diagnostics);
  if (!diagnostics.empty())
    tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.diagnostics));
  if (!plan) return 1;
  if (args.format == "json")
    std::cout << tf::plan::render_plan_json(*plan);
  else if (args.format == "markdown")
    std::cout << tf::plan::render_plan_markdown(*plan);
  else
    std::cout << tf::plan::render_plan_text(*plan);
  return 0;
}

const tf::cli::CommandRegistrar registrar{
    "show", [](CLI::App& app) -> tf::cli::Run {
      auto args = std::make_shared<ShowArgs>();
      CLI::App* command = app.add_subcommand("show", "print a saved plan");
      command->add_option("FILE", args->file, "a plan saved with 'tenantform plan --out FILE'")->required();
      command->add_option("--format", args->format, "how to print the plan: text, json or markdown")
          ->check(CLI::IsMember({"text", "json", "markdown"}))
          ->capture_default_str();
      command
          ->add_option("--diagnostics", args->diagnostics,
                       "how to print diagnostics: text or json (one per line)")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
      return [args] { return run_show(*args); };
    }};

}  // namespace
