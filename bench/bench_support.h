// What bench_observe and bench_apply share: an N-tenant full mesh (every ordered pair
// of tenants is a link) written as an emulator seed and as a manifest, the emulator
// started as a child process on that seed, a transport that counts HTTP requests,
// the planning pipeline (compile -> expand -> observe -> diff) and the CPU clocks.
//
// Promises: the generated ids, secrets and manifest are the same for a given N; the
// Emulator is stopped (SIGTERM, then waited for) and the temporary directory removed
// when the MeshBench goes; nothing here prints.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/diff.h"
#include "compiler/plan/expand.h"
#include "compiler/plan/plan.h"
#include "compiler/plan/state.h"
#include "runtime/graph/curl_transport.h"
#include "runtime/graph/graph_client.h"
#include "runtime/observe/observe.h"

namespace tf::bench {

namespace fs = std::filesystem;

inline std::string numbered(const char* prefix, int i) {
  char text[48];
  std::snprintf(text, sizeof text, "%s%012d", prefix, i + 1);
  return text;
}
inline std::string tenant_id(int i) { return numbered("00000000-0000-4000-8000-", i); }
inline std::string client_id(int i) { return numbered("0c000000-0000-4000-8000-", i); }
inline std::string name_of(int i) { return "t" + std::to_string(i); }
inline std::string secret_of(int i) { return "secret-" + name_of(i); }
inline std::string secret_variable(int i) { return "TF_BENCH_T" + std::to_string(i) + "_SECRET"; }

// CPU time of this process (all threads) and of another process (from /proc), in seconds.
inline double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}
inline double child_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int k = 3; k <= 15 && fields >> field; ++k) {  // fields 14 and 15: utime, stime (clock ticks)
    if (k == 14) utime = std::atoll(field.c_str());
    if (k == 15) stime = std::atoll(field.c_str());
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}
inline std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// `tenantform emulator --seed DIR --listen 127.0.0.1:0` as a child process.
class Emulator {
 public:
  Emulator(const fs::path& binary, const fs::path& seed) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) ::dup2(null, 2);
      std::string b = binary.string(), s = seed.string();
      ::execl(b.c_str(), b.c_str(), "emulator", "--seed", s.c_str(), "--listen", "127.0.0.1:0", nullptr);
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
    char c = 0;
    while (::read(out_, &c, 1) == 1 && c != '\n') url_ += c;
    if (url_.rfind("http://", 0) != 0) throw std::runtime_error("the emulator did not start: " + binary.string());
  }
  ~Emulator() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
    int status = 0;
    if (pid_ > 0) ::waitpid(pid_, &status, 0);
    if (out_ >= 0) ::close(out_);
  }
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  const std::string& url() const { return url_; }
  double cpu_seconds() const { return child_cpu_seconds(pid_); }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string url_;
};

// Counts what goes over HTTP (a $batch is one request; token requests count too).
class CountingTransport : public graph::HttpTransport {
 public:
  explicit CountingTransport(graph::TransportOptions options = {}) : inner_(std::move(options)) {}
  graph::RequestId submit(graph::HttpRequest request) override {
    ++requests;
    ++per_tenant[request.tenant];
    if (trace_) std::fprintf(stderr, "%8.3f submit %s %s\n", since_start(), request.method.c_str(), request.url.c_str());
    return inner_.submit(std::move(request));
  }
  std::vector<graph::Completion> wait(graph::Millis max_wait) override {
    std::vector<graph::Completion> done = inner_.wait(max_wait);
    if (trace_)
      for (const graph::Completion& c : done)
        std::fprintf(stderr, "%8.3f done %ld (%zu bytes)\n", since_start(), c.response.status, c.response.body.size());
    return done;
  }
  std::size_t in_flight() const override { return inner_.in_flight(); }
  int requests = 0;
  std::map<std::string, int> per_tenant;  // by the tenant each request serves

 private:
  double since_start() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  graph::CurlTransport inner_;
  bool trace_ = std::getenv("TF_BENCH_TRACE") != nullptr;  // a timeline of every request on stderr
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Wall and CPU time of a stretch of work, in this process and in the emulator.
class Stopwatch {
 public:
  explicit Stopwatch(const Emulator& emulator)
      : emulator_(emulator), wall_(std::chrono::steady_clock::now()), cpu_(process_cpu_seconds()),
        emulator_cpu_(emulator.cpu_seconds()) {}
  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count(); }
  double cpu() const { return process_cpu_seconds() - cpu_; }
  double emulator_cpu() const { return emulator_.cpu_seconds() - emulator_cpu_; }

 private:
  const Emulator& emulator_;
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
  double emulator_cpu_;
};

// A full mesh of `tenants` tenants: seed and manifest in a temporary directory,
// the secrets in the environment, the emulator running on the seed.
class MeshBench {
 public:
  MeshBench(int tenants, const fs::path& binary)
      : tenants_(tenants), dir_(fs::temp_directory_path() / ("tf-bench-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_ / "seed");
    for (int i = 0; i < tenants; ++i) {
      nlohmann::json t = {{"id", tenant_id(i)}, {"domain", name_of(i) + ".example"},
                          {"clients", {{{"client_id", client_id(i)}, {"client_secret", secret_of(i)}}}},
                          {"users", nlohmann::json::array()}, {"groups", nlohmann::json::array()}};
      std::ofstream(dir_ / "seed" / (name_of(i) + ".json")) << t.dump();
      ::setenv(secret_variable(i).c_str(), secret_of(i).c_str(), 1);
    }
    std::ofstream(manifest_path()) << manifest_text();
    emulator_.emplace(binary, dir_ / "seed");
  }
  ~MeshBench() {
    emulator_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  MeshBench(const MeshBench&) = delete;
  MeshBench& operator=(const MeshBench&) = delete;

  int tenants() const { return tenants_; }
  int links() const { return tenants_ * (tenants_ - 1); }
  const Emulator& emulator() const { return *emulator_; }
  fs::path manifest_path() const { return dir_ / "mesh.yaml"; }

  std::string manifest_text() const {
    std::string text = "tenants:\n";
    std::string members;
    for (int i = 0; i < tenants_; ++i) {
      text += "  " + name_of(i) + ":\n    id: " + tenant_id(i) + "\n    domain: " + name_of(i) +
              ".example\n    auth:\n      client_id: " + client_id(i) + "\n      client_secret: ${env:" +
              secret_variable(i) + "}\n";
      members += (i ? ", " : "") + name_of(i);
    }
    return text + "meshes:\n  all:\n    members: [" + members + "]\n";
  }

  // A client on `transport` that routes every tenant to the emulator.
  graph::ClientOptions client_options() const {
    graph::ClientOptions options;
    options.endpoints.emulator_url = emulator_->url();
    options.environment_tokens = false;
    return options;
  }

  // Injected latency per Graph request (0: none).
  void set_latency(int milliseconds) const { set_faults({{"latency", milliseconds}}); }

  // POST /_emulator/faults with these settings (faults.h), e.g. {"latency": 20, "faults": "429=0.1,503=0.1"}.
  void set_faults(const nlohmann::json& settings) const {
    graph::CurlTransport transport;
    graph::HttpResponse r = graph::perform(transport, {.method = "POST", .url = emulator_->url() + "/_emulator/faults",
                                                       .headers = {{"Content-Type", "application/json"}},
                                                       .body = settings.dump(),
                                                       .tenant = ""});
    if (r.status != 200) throw std::runtime_error("cannot set the emulator's faults: " + r.body);
  }

 private:
  int tenants_;
  fs::path dir_;
  std::optional<Emulator> emulator_;
};

// The manifest compiled and expanded (no Graph calls).
struct Desired {
  manifest::CompiledManifest compiled;
  plan::DesiredState desired;
};
inline Desired compile_mesh(const MeshBench& mesh, Diagnostics& diagnostics) {
  std::optional<manifest::CompiledManifest> compiled = manifest::compile_manifest(mesh.manifest_path().string(), diagnostics);
  if (!compiled) throw std::runtime_error("the generated mesh manifest does not compile");
  plan::DesiredState desired = plan::expand(*compiled, diagnostics);
  return {std::move(*compiled), std::move(desired)};
}

// observe -> diff with the tenants registered with `client`.
inline plan::Plan plan_mesh(graph::GraphClient& client, const Desired& d, Diagnostics& diagnostics) {
  plan::ObservedState observed = observe::observe(client, d.compiled, d.desired, diagnostics);
  plan::DiffOptions options{false, "bench", "bench", plan::plan_tenants(d.compiled.model)};
  return plan::diff(d.desired, observed, options, diagnostics);
}

inline std::string first_error(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items())
    if (d.severity == Severity::Error) return d.message;
  return "";
}

}  // namespace tf::bench
