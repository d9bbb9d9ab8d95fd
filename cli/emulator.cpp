// `tenantform emulator`: serve the tenant emulator on loopback, and
// `tenantform emulator cycle --url URL`: run one provisioning cycle of a running one.
// Glue only: options in, runtime/emulator/server.h out.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "runtime/emulator/server.h"

namespace {

struct EmulatorArgs {
  std::string data;
  std::string seed;
  std::string listen = "127.0.0.1:0";
  std::string latency;
  int page_size = 100;
  int max_page_size = 999;
  std::string jitter;
  std::string faults;
  std::uint64_t fault_seed = 0;
  std::string cycle_url;
};

// "HOST:PORT" (an IPv6 host in brackets) into its parts.
std::pair<std::string, int> split_listen(const std::string& listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen expects HOST:PORT, found '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("--listen port must be 0-65535, found '" + listen + "'");
  return {host, port};
}

tf::emulator::ServerOptions server_options(const EmulatorArgs& args) {
  tf::emulator::ServerOptions options;
  options.data_dir = args.data;
  options.seed_dir = args.seed;
  std::tie(options.host, options.port) = split_listen(args.listen);
  if (!args.latency.empty()) options.faults.latency_ms = tf::emulator::parse_duration_ms(args.latency);
  if (!args.jitter.empty()) options.faults.jitter_ms = tf::emulator::parse_duration_ms(args.jitter);
  if (!args.faults.empty()) tf::emulator::apply_fault_spec(args.faults, options.faults);
  options.fault_seed = args.fault_seed;
  if (args.page_size < 1) throw std::runtime_error("--page-size must be at least 1");
  options.choices.default_page_size = args.page_size;
  if (args.max_page_size < 1) throw std::runtime_error("--max-page-size must be at least 1");
  options.choices.max_page_size = args.max_page_size;
  return options;
}

int serve(const EmulatorArgs& args) {
  tf::emulator::EmulatorServer server(server_options(args));
  if (!server.notes().empty()) std::cerr << "tenantform: note: " << server.notes() << "\n";
  return tf::emulator::serve_until_signal(server);
}

int cycle(const EmulatorArgs& args) {
  std::cout << tf::emulator::request_cycle(args.cycle_url).dump(2) << std::endl;
  return 0;
}

const tf::cli::CommandRegistrar registrar{"emulator", [](CLI::App& app) -> tf::cli::Run {
  auto args = std::make_shared<EmulatorArgs>();
  CLI::App* command = app.add_subcommand("emulator", "serve the Graph and token emulator on a data directory");
  command->add_option("--data", args->data, "data directory holding the tenants (in memory when omitted)");
  command->add_option("--seed", args->seed, "directory of NAME.json tenant seeds, loaded into an empty store");
  command->add_option("--listen", args->listen, "loopback HOST:PORT to listen on (port 0 picks a free one)");
  command->add_option("--latency", args->latency, "added latency per Graph request, e.g. 20ms");
  command->add_option("--jitter", args->jitter, "uniform jitter around the latency, e.g. 5ms");
  command->add_option("--faults", args->faults, "fault rates, e.g. 429=0.1,503=0.05,reset=0.01");
  command->add_option("--page-size", args->page_size,
                      "items per page of users, groups, service principals, applications, partners and logs (default 100)");
  command->add_option("--max-page-size", args->max_page_size,
                      "the most items a page holds when a request asks for more with $top (default 999, as Graph)");
  command->add_option("--fault-seed", args->fault_seed, "seed of the fault generator");
  CLI::App* cycle_command = command->add_subcommand("cycle", "run one provisioning cycle of a running emulator");
  cycle_command->add_option("--url", args->cycle_url, "the emulator's URL, e.g. http://127.0.0.1:8080")->required();
  return [args, cycle_command]() { return cycle_command->parsed() ? cycle(*args) : serve(*args); };
}};

}  // namespace
