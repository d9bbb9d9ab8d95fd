// `tenantform graph PATH [--format mermaid|dot]`: the expanded topology as a picture
// (compiler/manifest/topology_graph.h) on stdout. Exit 1 with diagnostics on stderr
// when the configuration has errors.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/manifest/topology_graph.h"

namespace {

struct GraphArgs {
  std::string path;
  std::string format = "mermaid";
  std::string diagnostics = "text";
};

int run_graph(const GraphArgs& args) {
  tf::Diagnostics diagnostics;
  std::optional<tf::manifest::CompiledManifest> compiled = tf::manifest::compile_manifest(args.path, diagnostics);
  if (!diagnostics.empty()) tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.diagnostics));
  if (!compiled) return 1;
  auto format = args.format == "dot" ? tf::manifest::GraphFormat::Dot : tf::manifest::GraphFormat::Mermaid;
  std::cout << tf::manifest::render_topology(compiled->model, compiled->topology, format);
  return 0;
}

const tf::cli::CommandRegistrar registrar{"graph", [](CLI::App& app) -> tf::cli::Run {
  auto args = std::make_shared<GraphArgs>();
  CLI::App* command = app.add_subcommand("graph", "draw the topology of a manifest as Mermaid or Graphviz DOT");
  command->add_option("PATH", args->path, "a manifest file, or a directory of *.yaml / *.yml files")->required();
  command->add_option("--format", args->format, "mermaid (for markdown) or dot (Graphviz)")
      ->check(CLI::IsMember({"mermaid", "dot"}))
      ->capture_default_str();
  command->add_option("--diagnostics", args->diagnostics, "how to print diagnostics: text or json (one per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [args] { return run_graph(*args); };
}};

}  // namespace
