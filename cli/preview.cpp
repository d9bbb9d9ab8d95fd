// `tenantform preview PATH`: what applying the manifests would do to the users each
// link synchronizes (runtime/observe/preview.h): per changing link, the source users
// the next provisioning cycle creates, updates (with each property's old and new
// value) or removes in the target, and a warning when the removals would trip the
// link's deletion threshold. Reads only. Exit codes: 0, 1 on an error; with
// --detailed-exitcode 2 when any user would change.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/graph_options.h"
#include "cli/output.h"
#include "cli/plan_pipeline.h"
#include "runtime/observe/preview.h"

namespace {

struct PreviewArgs {
  std::string path;
  std::string format = "text";
  std::vector<std::string> links;
  std::string user;
  std::size_t list = 10;
  bool detailed_exitcode = false;
  tf::cli::GraphOptions graph;
};

// "contoso:fabrikam" -> (contoso, fabrikam).
std::optional<std::pair<std::string, std::string>> link_argument(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  return std::make_pair(text.substr(0, colon), text.substr(colon + 1));
}

int run_preview(const PreviewArgs& args) {
  tf::Diagnostics diagnostics;
  tf::observe::PreviewOptions options;
  for (const std::string& text : args.links) {
    auto link = link_argument(text);
    if (!link) {
      std::cerr << "error: --link wants SOURCE:TARGET (tenant names from the manifests), not '" << text
                << "'\n";
      return 1;
    }
    options.only.push_back(*link);
  }
  if (!args.user.empty()) options.user = args.user;
  std::optional<std::vector<tf::observe::LinkPreview>> links;
  if (std::unique_ptr<tf::graph::GraphSession> session = tf::cli::open_session(args.graph, diagnostics)) {
    if (auto read = tf::cli::observe_configuration(args.path, session->client(), diagnostics)) {
      for (const auto& [source, target] : options.only) {
        bool known = std::any_of(read->compiled.topology.links.begin(), read->compiled.topology.links.end(),
                                 [&](const auto& l) { return l.source == source && l.target == target; });
        if (!known)
          diagnostics.error({},
                            "--link " + source + ":" + target +
                                " names no link of the manifests; `tenantform graph " + args.path +
                                "` lists them",
                            "unknown-link");
      }
      if (!diagnostics.has_errors())
        links = tf::observe::read_preview(session->client(), read->compiled, read->desired, read->observed,
                                          options, diagnostics);
    }
  }
  if (!diagnostics.empty())
    tf::cli::print_diagnostics(diagnostics, tf::cli::diagnostics_format(args.graph.diagnostics));
  if (!links || diagnostics.has_errors()) return 1;
  std::cout << (args.format == "json"       ? tf::observe::render_preview_json(*links)
                : args.format == "markdown" ? tf::observe::render_preview_markdown(*links, args.list)
                                            : tf::observe::render_preview_text(*links, args.list));
  bool users_change = std::any_of(links->begin(), links->end(),
                                  [](const tf::observe::LinkPreview& l) { return l.users.changes_users(); });
  return args.detailed_exitcode && users_change ? 2 : 0;
}

const tf::cli::CommandRegistrar registrar{
    "preview", [](CLI::App& app) -> tf::cli::Run {
      auto args = std::make_shared<PreviewArgs>();
      CLI::App* command =
          app.add_subcommand("preview", "show which users each changing link would create, update or remove");
      command->add_option("PATH", args->path, "a manifest file, or a directory of *.yaml / *.yml files")
          ->required();
      command->add_option("--link", args->links, "only this link, as SOURCE:TARGET (repeatable)");
      command->add_option(
          "--user", args->user,
          "explain one source user (userPrincipalName or object id) on every link of its tenant, "
          "changing or not: in scope or why not, and what is written");
      command
          ->add_option("--format", args->format,
                       "how to print the preview: text, json or markdown (a PR comment)")
          ->check(CLI::IsMember({"text", "json", "markdown"}))
          ->capture_default_str();
      command
          ->add_option("--list", args->list,
                       "users listed per outcome and link in text and markdown (json lists all)")
          ->check(CLI::Range(0, 1000000))
          ->capture_default_str();
      command->add_flag(
          "--detailed-exitcode", args->detailed_exitcode,
          "exit 2 when any user would be created, updated or removed, 0 when none (1 is an error)");
      tf::cli::add_graph_options(*command, args->graph);
      return [args] { return run_preview(*args); };
    }};

}  // namespace
