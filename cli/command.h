// The command registry. Each file of cli/ defines one subcommand and registers it
// with a CommandRegistrar at namespace scope; main() adds every registered command
// to the CLI11 app in name order, parses, and runs the one chosen. A command file
// only glues: it declares arguments, calls a compiler or runtime stage, renders.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tf::cli {

// Returns the process exit code: 0 success (or no changes), 1 error, 2 changes
// present (with --detailed-exitcode), as in Terraform.
using Run = std::function<int()>;

// Adds the subcommand to `app` (app.add_subcommand(name, ...)) with its options and
// returns what runs it once the command line has been parsed.
using Setup = std::function<Run(CLI::App& app)>;

struct Command {
  std::string name;
  Setup setup;
};

// Every registered command, sorted by name.
std::vector<Command> registered_commands();

struct CommandRegistrar {
  CommandRegistrar(std::string name, Setup setup);
};

}  // namespace tf::cli
