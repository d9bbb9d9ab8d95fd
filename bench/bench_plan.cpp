// plan of a generated N-tenant full mesh (default 100 tenants: 9,900 links) against
// observed state from the emulator: the time of each planning stage and the memory
// of this process.
//
// It writes a manifest like examples/* (tenants with client secrets from the
// environment, one mapping set extending the template's defaults, one scope with a
// group and a filter, one threshold, one mesh of every tenant) and a seed for
// `tenantform emulator` (each tenant: three users and the scope's group), compiles
// it once (timed), starts the emulator (in memory) and plans three cases, each as
// `tenantform plan` does: expand, observe (timed apart: Graph traffic, not compiler
// work), diff (taking the desired state, diff.h), render the text (timed apart):
//   (a) empty tenants                                 every change a create
//   setup: `tenantform apply DIR --auto-approve --emulator URL`, a child process
//   (b) the mesh fully configured                     "No changes."
//   (c) drifted: every 97th partner entry loses inbound auto-consent and every
//       89th job is paused, through Graph            one drift change per write
// After (a) and (b) it also runs `tenantform plan DIR --emulator URL` end to end.
// The target is compile + expand + diff within 2 s and 1 GiB (issue 6, item 8).
// Memory: each case starts a new high-water mark (VmHWM, after malloc_trim), so the
// figures after each stage show what that stage added; ru_maxrss at the end is the
// peak of the whole run. The emulator and tenantform children are other processes.
// Exits 1 when a stage fails or a case does not give the plan it should.
// Usage: bench_plan [TENANTS=100] [TENANTFORM] [CASES=all|empty]
// (TENANTFORM: the tenantform binary, by default the one next to the bench
// directory; CASES=empty runs case (a) only, e.g. for profiling)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "compiler/diag/render.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/diff.h"
#include "compiler/plan/expand.h"
#include "compiler/plan/render_text.h"
#include "runtime/graph/curl_transport.h"
#include "runtime/graph/graph_client.h"
#include "runtime/observe/observe.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string numbered_guid(const char* prefix, int i) {
  char text[40];
  std::snprintf(text, sizeof text, "%s-0000-4000-8000-%012d", prefix, i + 1);
  return text;
}
std::string tenant_id(int i) { return numbered_guid("7e000000", i); }
std::string client_id(int i) { return numbered_guid("c1000000", i); }
std::string name_of(int i) { return "t" + std::to_string(i); }
std::string secret_variable(int i) { return "BENCH_PLAN_T" + std::to_string(i) + "_SECRET"; }
std::string secret_of(int i) { return "emulator-" + name_of(i) + "-secret"; }

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The manifest, in four files as the examples have it.
void write_manifest(const fs::path& dir, int n) {
  std::string tenants = "tenants:\n";
  for (int i = 0; i < n; ++i)
    tenants += "  " + name_of(i) + ":\n    id: " + tenant_id(i) + "\n    domain: " + name_of(i) +
               ".example\n    cloud: global\n    auth:\n      client_id: " + client_id(i) +
               "\n      client_secret: ${env:" + secret_variable(i) + "}\n\n";
  write_text(dir / "tenants.yaml", tenants);
  write_text(dir / "mappings.yaml",
             "mappings:\n"
             "  mesh-member:\n"
             "    extends: default\n"
             "    attributes:\n"
             "      userType: '\"Member\"'\n"
             "      displayName: 'Join(\" \", [displayName], \"(${source.domain})\")'\n"
             "      companyName: 'Coalesce([companyName], \"${source.domain}\")'\n"
             "      department: 'IgnoreFlowIfNullOrEmpty([department])'\n"
             "      showInAddressList: { expression: '\"True\"', apply: on-create }\n");
  write_text(dir / "scopes.yaml",
             "scopes:\n"
             "  mesh-staff:\n"
             "    assigned_only: true\n"
             "    groups: [Mesh-Members]\n"
             "    filter: 'accountEnabled is true and not (department == \"Contractors\")'\n"
             "\n"
             "thresholds:\n"
             "  mesh:\n"
             "    max_deletions: 50\n"
             "    notify: [identity-team@t0.example]\n");
  std::string topology = "meshes:\n  everyone:\n    members: [";
  for (int i = 0; i < n; ++i) topology += (i ? ", " : "") + name_of(i);
  topology += "]\n    sync:\n      mapping: mesh-member\n      scope: mesh-staff\n      threshold: mesh\n";
  write_text(dir / "topology.yaml", topology);
}

// The emulator's seed: each tenant with its client, three users and the scope's group.
void write_seed(const fs::path& dir, int n) {
  for (int i = 0; i < n; ++i) {
    json users = json::array();
    const char* departments[] = {"Sales", "Research", "Contractors"};
    for (int u = 0; u < 3; ++u) {
      std::string given = "user" + std::to_string(u);
      users.push_back({{"id", numbered_guid(("a" + std::to_string(u) + "000000").c_str(), i)},
                       {"accountEnabled", true},
                       {"displayName", "User " + std::to_string(u) + " of " + name_of(i)},
                       {"givenName", given},
                       {"surname", name_of(i)},
                       {"userPrincipalName", given + "@" + name_of(i) + ".example"},
                       {"mail", given + "@" + name_of(i) + ".example"},
                       {"mailNickname", given},
                       {"department", departments[u]},
                       {"userType", "Member"}});
    }
    json group = {{"id", numbered_guid("9a000000", i)},
                  {"displayName", "Mesh-Members"},
                  {"members", {users[0]["id"], users[1]["id"]}}};
    json tenant = {{"id", tenant_id(i)},
                   {"displayName", "Tenant " + std::to_string(i)},
                   {"domain", name_of(i) + ".example"},
                   {"clients", {{{"client_id", client_id(i)}, {"client_secret", secret_of(i)}}}},
                   {"users", users},
                   {"groups", {group}}};
    write_text(dir / (name_of(i) + ".json"), tenant.dump(2));
  }
}

// Runs the tenantform binary with `args`, output to `log`; its exit status, wall
// time and peak memory (the child's ru_maxrss).
struct ChildRun {
  int status = -1;
  double seconds = 0;
  double peak_mib = 0;
};

ChildRun run_tenantform(const fs::path& binary, const std::vector<std::string>& args, const fs::path& log) {
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<std::string> all{binary.string()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ChildRun run;
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return run;
}

// Wall and CPU seconds of one stage.
struct Stopwatch {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu_start = cpu_now();
  static double cpu_now() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
  }
  double wall_seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double cpu_seconds() const { return cpu_now() - cpu_start; }
};

// ru_maxrss of this process: the peak over the whole run.
double peak_mib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

// A line of /proc/self/status in MiB ("VmRSS", "VmHWM").
double status_mib(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(key + ":", 0) == 0) return std::atof(line.c_str() + key.size() + 1) / 1024.0;
  return 0;
}

// Starts a new high-water mark (VmHWM) for the next case, after giving the heap's
// free memory back, so each case's peak is its own.
void reset_high_water_mark() {
  ::malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
}

void report(const char* stage, const Stopwatch& watch) {
  std::printf("%-34s %8.3f s wall %8.3f s CPU   rss %7.1f MiB, high-water %7.1f MiB\n", stage, watch.wall_seconds(),
              watch.cpu_seconds(), status_mib("VmRSS"), status_mib("VmHWM"));
  std::fflush(stdout);
}

struct Counts {
  int create = 0, update = 0, destroy = 0, replace = 0, drift = 0;
};

Counts count(const tf::plan::Plan& plan) {
  Counts c;
  for (const auto& change : plan.changes) {
    c.drift += change.drift ? 1 : 0;
    switch (change.action) {
      case tf::plan::Action::Create: ++c.create; break;
      case tf::plan::Action::Update: ++c.update; break;
      case tf::plan::Action::Delete: ++c.destroy; break;
      case tf::plan::Action::Replace: ++c.replace; break;
    }
  }
  return c;
}

bool report_diagnostics(const tf::Diagnostics& diagnostics, const char* stage) {
  if (!diagnostics.has_errors()) return false;
  std::fprintf(stderr, "%s failed:\n%s", stage, tf::render_text(diagnostics).c_str());
  return true;
}

// A Graph client's options for the emulator at `url`, with the manifest's credentials.
tf::graph::ClientOptions emulator_client_options(const std::string& url) {
  tf::graph::ClientOptions options;
  options.endpoints.emulator_url = url;
  options.environment_tokens = false;
  return options;
}

// One case as `tenantform plan` runs it: expand, observe the emulator as it is now,
// diff (taking the desired state), render. Returns the observed state (for drift)
// and sets `counts`; `ok` false when a stage failed.
struct CaseResult {
  tf::plan::ObservedState observed;
  Counts counts;
  std::size_t changes = 0, desired = 0;
  bool ok = false;
};

CaseResult plan_case(const char* name, const std::string& url, const tf::manifest::CompiledManifest& compiled,
                     const tf::plan::DiffOptions& options) {
  CaseResult result;
  reset_high_water_mark();
  std::printf("-- case %s (rss at start %.1f MiB)\n", name, status_mib("VmRSS"));
  tf::Diagnostics diagnostics;
  Stopwatch expand_watch;
  tf::plan::DesiredState desired = tf::plan::expand(compiled, diagnostics);
  report("  expand", expand_watch);
  result.desired = desired.resources.size();
  tf::graph::SystemClock clock;
  tf::graph::CurlTransport transport;
  tf::graph::GraphClient client(transport, clock, emulator_client_options(url));
  Stopwatch observe_watch;
  tf::observe::add_manifest_tenants(client, compiled.model, diagnostics);
  result.observed = tf::observe::observe(client, compiled, desired, diagnostics);
  report("  observe (not in the target)", observe_watch);
  if (report_diagnostics(diagnostics, "observe")) return result;
  Stopwatch diff_watch;
  tf::plan::Plan plan = tf::plan::diff(std::move(desired), result.observed, options, diagnostics);
  report("  diff", diff_watch);
  if (report_diagnostics(diagnostics, "diff")) return result;
  Stopwatch render_watch;
  std::string text = tf::plan::render_plan_text(plan);
  report("  render text (not in the target)", render_watch);
  result.counts = count(plan);
  result.changes = plan.changes.size();
  const Counts& c = result.counts;
  std::printf("  %zu observed resources; plan: %zu changes (%d create, %d update, %d delete, %d replace; %d drift), "
              "%zu bytes of text; high-water mark of the case %.1f MiB\n",
              result.observed.resources.size(), plan.changes.size(), c.create, c.update, c.destroy, c.replace,
              c.drift, text.size(), status_mib("VmHWM"));
  std::fflush(stdout);
  result.ok = true;
  return result;
}

// `tenantform plan DIR --emulator URL` end to end, in a child process.
void cli_plan(const fs::path& binary, const fs::path& manifest, const std::string& url, const fs::path& log) {
  ChildRun run = run_tenantform(binary, {"plan", manifest.string(), "--emulator", url}, log);
  std::printf("  tenantform plan (CLI, end to end): %.3f s wall, peak %.1f MiB, exit %d\n", run.seconds,
              run.peak_mib, run.status);
  std::fflush(stdout);
}

// Changes behind tenantform's back: every 97th partner entry loses inbound
// auto-consent and every 89th link's job is paused. Returns the number of writes.
int drift(const std::string& url, const tf::manifest::CompiledManifest& compiled, const tf::plan::ObservedState& observed) {
  tf::graph::SystemClock clock;
  tf::graph::CurlTransport transport;
  tf::graph::GraphClient client(transport, clock, emulator_client_options(url));
  tf::Diagnostics diagnostics;
  tf::observe::add_manifest_tenants(client, compiled.model, diagnostics);
  std::vector<tf::graph::GraphRequest> writes;
  int partner = 0, job = 0;
  for (const auto& [address, resource] : observed.resources) {
    const tf::plan::Resource& r = resource.resource;
    if (r.kind == tf::plan::ResourceKind::PartnerConfiguration && partner++ % 97 == 0)
      writes.push_back({.tenant = r.tenant, .method = "PATCH",
                        .path = "/policies/crossTenantAccessPolicy/partners/" + r.partner_id,
                        .body = json{{"automaticUserConsentSettings", {{"inboundAllowed", false}}}}});
    if (r.kind == tf::plan::ResourceKind::JobState && job++ % 89 == 0 && resource.ids.count("servicePrincipalId") &&
        resource.ids.count("jobId"))
      writes.push_back({.tenant = r.tenant, .method = "POST",
                        .path = "/servicePrincipals/" + resource.ids.at("servicePrincipalId") +
                                "/synchronization/jobs/" + resource.ids.at("jobId") + "/pause"});
  }
  int failed = 0;
  for (const auto& response : client.send_all(writes)) failed += response.error ? 1 : 0;
  if (failed) std::fprintf(stderr, "drift: %d of %zu writes failed\n", failed, writes.size());
  return failed ? -1 : static_cast<int>(writes.size());
}

}  // namespace

// The stages and cases; 0 when every case gave the plan it should.
int run_bench(const fs::path& binary, const fs::path& manifest_dir, const fs::path& seed_dir, const fs::path& work,
              bool empty_only) {
  tf::Diagnostics diagnostics;
  Stopwatch compile_watch;
  std::optional<tf::manifest::CompiledManifest> compiled = tf::manifest::compile_manifest(manifest_dir.string(), diagnostics);
  report("compile_manifest", compile_watch);
  if (!compiled || report_diagnostics(diagnostics, "compile")) return 1;
  std::size_t links = compiled->topology.links.size();
  tf::plan::DiffOptions options{false, "bench", "bench-hash", tf::plan::plan_tenants(compiled->model)};

  tf::bench::Emulator emulator(binary, seed_dir);
  CaseResult empty = plan_case("(a) empty tenants", emulator.url(), *compiled, options);
  std::printf("  %zu links, %zu desired resources\n", links, empty.desired);
  if (!empty.ok || empty.counts.create != static_cast<int>(empty.changes) || empty.changes != empty.desired) {
    std::fprintf(stderr, "case (a): expected one create per desired resource\n");
    return 1;
  }
  cli_plan(binary, manifest_dir, emulator.url(), work / "plan-empty.log");
  if (empty_only) return 0;

  Stopwatch setup_watch;
  ChildRun applied = run_tenantform(binary, {"apply", manifest_dir.string(), "--auto-approve", "--emulator", emulator.url(),
                                             "--parallelism", "8"}, work / "apply.log");
  std::printf("setup: tenantform apply of the whole mesh (a child process): %.1f s wall, peak %.1f MiB\n",
              setup_watch.wall_seconds(), applied.peak_mib);
  if (applied.status != 0) {
    std::fprintf(stderr, "setup: tenantform apply failed (exit %d)\n", applied.status);
    return 1;
  }
  int status = 0;
  tf::plan::ObservedState configured_state;
  {
    CaseResult configured = plan_case("(b) fully configured", emulator.url(), *compiled, options);
    if (!configured.ok || configured.changes != 0) {
      std::fprintf(stderr, "case (b): expected \"No changes.\"\n");
      status = 1;
    }
    configured_state = std::move(configured.observed);
  }
  cli_plan(binary, manifest_dir, emulator.url(), work / "plan-configured.log");

  int writes = drift(emulator.url(), *compiled, configured_state);
  configured_state = {};
  std::printf("drift: %d writes behind tenantform's back\n", writes);
  CaseResult drifted = plan_case("(c) drifted", emulator.url(), *compiled, options);
  if (writes <= 0 || !drifted.ok || drifted.changes != static_cast<std::size_t>(writes) ||
      drifted.counts.drift != writes) {
    std::fprintf(stderr, "case (c): expected one drift change per write\n");
    status = 1;
  }
  return status;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 100;
  if (n < 2) {
    std::fprintf(stderr, "usage: bench_plan [TENANTS=100 (at least 2)] [TENANTFORM] [all|empty]\n");
    return 2;
  }
  fs::path binary = argc > 2 && argv[2][0] ? fs::path(argv[2])
                                           : fs::canonical("/proc/self/exe").parent_path().parent_path() / "tenantform";
  bool empty_only = argc > 3 && std::string(argv[3]) == "empty";
  fs::path work = fs::temp_directory_path() / ("bench-plan-" + std::to_string(::getpid()));
  fs::path manifest_dir = work / "manifest", seed_dir = work / "seed";
  fs::create_directories(manifest_dir);
  fs::create_directories(seed_dir);
  for (int i = 0; i < n; ++i) ::setenv(secret_variable(i).c_str(), secret_of(i).c_str(), 1);
  write_manifest(manifest_dir, n);
  write_seed(seed_dir, n);
  std::printf("bench_plan: %d tenants, full mesh of %d links; manifest in %s\n", n, n * (n - 1), manifest_dir.c_str());
  std::printf("%-34s %8s        %8s\n", "stage", "wall", "CPU");
  int status = run_bench(binary, manifest_dir, seed_dir, work, empty_only);
  std::printf("peak memory of the process over the whole run (ru_maxrss): %.1f MiB\n", peak_mib());
  fs::remove_all(work);
  return status;
}
