// `tenantform validate PATH`: loads, checks and expands a manifest file or directory
// and reports every problem. Exit 0 with a one-line summary on stdout ("ok: 4 tenants,
// 6 links") when there is no error (warnings and notes are printed to stderr), 1 when
// there is any.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "compiler/manifest/pipeline.h"

namespace {

struct ValidateArgs {
  std::string path;
  std::string diagnostics = "text";
};

int run_validate(const ValidateArgs& args) {
  tf::Diagnostics diagnostics;
  std::optional<tf::manifest::CompiledManifest> compiled = tf::manifest::compile_manifest(args.path, diagnostics);
  if (!diagnostics.empty()) tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.diagnostics));
  if (!compiled) return 1;
  std::cout << tf::manifest::summary_line(*compiled) << "\n";
  return 0;
}

const tf::cli::CommandRegistrar registrar{"validate", [](CLI::App& app) -> tf::cli::Run {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* command = app.add_subcommand("validate", "check a manifest file or directory and report every error");
  command->add_option("PATH", args->path, "a manifest file, or a directory of *.yaml / *.yml files")->required();
  command->add_option("--diagnostics", args->diagnostics, "how to print diagnostics: text or json (one per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [args] { return run_validate(*args); };
}};

}  // namespace
