// tenantform's entry point: builds the command line from the registered commands
// (command.h), parses it and runs the chosen command. Usage errors exit 1.
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace tf::cli {

namespace {

std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}

}  // namespace

std::vector<Command> registered_commands() {
  std::vector<Command> out = registry();
  std::sort(out.begin(), out.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
  return out;
}

CommandRegistrar::CommandRegistrar(std::string name, Setup setup) {
  registry().push_back(Command{std::move(name), std::move(setup)});
}

}  // namespace tf::cli

int main(int argc, char** argv) {
  CLI::App app{"tenantform: declarative cross-tenant synchronization for Microsoft Entra ID"};
  app.set_version_flag("--version", std::string("tenantform ") + TENANTFORM_VERSION);
  app.require_subcommand(1);
  std::map<std::string, tf::cli::Run> runs;
  for (const tf::cli::Command& command : tf::cli::registered_commands())
    runs[command.name] = command.setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  for (CLI::App* sub : app.get_subcommands()) {
    auto it = runs.find(sub->get_name());
    if (it != runs.end()) {
      try {
        return it->second();
      } catch (const std::exception& e) {
        std::cerr << "tenantform: error: " << e.what() << "\n";
        return 1;
      }
    }
  }
  return 1;
}
