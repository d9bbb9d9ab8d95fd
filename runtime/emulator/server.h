// The emulator's HTTP server (cpp-httplib), loopback only. It serves
//   POST /{tenant}/oauth2/v2.0/token            tokens (tokens.h)
//   /v1.0/... and /beta/...                      Graph routes (router.h), bearer token required,
//                                                faults and latency applied (faults.h)
//   POST /_emulator/cycle                        one provisioning cycle (provisioning.h)
//   GET|POST /_emulator/faults                   read or change fault settings ({"clear": true})
//   POST /_emulator/tenants                      add a tenant from a seed object (+ "name")
//   GET /_emulator/tenants/{id}                  a tenant's raw stored document (for tests)
//   GET /_emulator/health                        {"status": "ok"}
// Every Graph request runs under the store's lock and the changed tenants are on
// disk before the answer is sent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "runtime/emulator/faults.h"
#include "runtime/emulator/router.h"

namespace tf::emulator {

struct ServerOptions {
  std::filesystem::path data_dir;  // empty: in memory only
  std::filesystem::path seed_dir;  // loaded only into an empty store
  std::string host = "127.0.0.1";
  int port = 0;                    // 0: any free port
  FaultSettings faults;
  std::uint64_t fault_seed = 0;
  EmulatorChoices choices;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

class EmulatorServer {
 public:
  // Loads the store (and the seed into an empty store); throws std::runtime_error
  // on a non-loopback host or an unreadable store or seed.
  explicit EmulatorServer(ServerOptions options);
  ~EmulatorServer();

  // Binds the listening socket and returns the bound port.
  int bind();
  // Serves until stop(); returns false when listening failed.
  bool serve();
  // True once serve() accepts connections (httplib ignores stop() before that).
  bool is_running() const;
  void stop();
  // "http://127.0.0.1:PORT" once bound.
  std::string url() const;
  // Notes for the operator (e.g. a seed ignored because the store is not empty).
  const std::string& notes() const { return notes_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string notes_;
};

// Runs `server` until SIGINT or SIGTERM, then stops it; prints the URL on stdout
// first (flushed). Returns the process exit code.
int serve_until_signal(EmulatorServer& server);

// POSTs /_emulator/cycle to a running emulator at `url`; returns the JSON summary or
// throws std::runtime_error.
nlohmann::json request_cycle(const std::string& url);

}  // namespace tf::emulator
