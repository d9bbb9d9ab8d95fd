// observe on an N-tenant full mesh (default 20 tenants, 380 links) already applied in
// the emulator, with injected latency per Graph request: wall time, CPU time (this
// process and the emulator) and HTTP requests of one observe, token requests
// included, against the lower bound: latency x (one token round + the three dependent
// read steps of observe.h; the emulator delays token requests by the latency too). The mesh is set up through the real pipeline without
// latency (compile -> expand -> observe -> diff -> apply), then the latency is set
// and a fresh client (no cached tokens) observes.
//
// --naive observes with the same client configured to send one request at a time
// without $batch (ClientOptions::batch_items = 1, every transport limit 1); its lower
// bound is latency x its request count.
//
// --faults SPEC also injects faults (faults.h, e.g. "429=0.1,503=0.1" with Retry-After
// 1 s): the figures then show what the retries cost, and the run still fails on a
// wrong or incomplete read.
//
// Usage: bench_observe [--naive] [--faults SPEC] [TENANTS=20] [TENANTFORM] [LATENCY_MS=20]
// TF_BENCH_REPEAT=K observes K times (for profiling; figures are of the last).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "runtime/apply/apply.h"

namespace {

using namespace tf;

// The mesh as the emulator holds it after `tenantform apply`.
bool set_up(bench::MeshBench& mesh, const bench::Desired& desired) {
  bench::CountingTransport transport;
  graph::SystemClock clock;
  graph::GraphClient client(transport, clock, mesh.client_options());
  Diagnostics diagnostics;
  observe::add_manifest_tenants(client, desired.compiled.model, diagnostics);
  plan::Plan plan = bench::plan_mesh(client, desired, diagnostics);
  apply::ApplyResult result = apply::apply(client, plan, {}, diagnostics);
  std::printf("setup: %d tenants, %d links, %zu changes applied (%d failed, %d skipped) in %d requests\n", mesh.tenants(),
              mesh.links(), plan.changes.size(), result.failed, result.skipped, transport.requests);
  if (diagnostics.has_errors()) std::printf("setup error: %s\n", bench::first_error(diagnostics).c_str());
  return !diagnostics.has_errors();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  bool naive = false;
  std::string faults;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--naive") naive = true;
    else if (std::string(argv[i]) == "--faults" && i + 1 < argc) faults = argv[++i];
    else args.emplace_back(argv[i]);
  }
  int n = args.size() > 0 ? std::atoi(args[0].c_str()) : 20;
  bench::fs::path binary = args.size() > 1 ? bench::fs::path(args[1])
                                           : bench::fs::canonical("/proc/self/exe").parent_path().parent_path() / "tenantform";
  int latency_ms = args.size() > 2 ? std::atoi(args[2].c_str()) : 20;
  int repeat = std::getenv("TF_BENCH_REPEAT") ? std::max(1, std::atoi(std::getenv("TF_BENCH_REPEAT"))) : 1;

  bench::MeshBench mesh(n, binary);
  Diagnostics compile_diagnostics;
  bench::Desired desired = bench::compile_mesh(mesh, compile_diagnostics);
  if (!set_up(mesh, desired)) return 1;
  if (faults.empty()) mesh.set_latency(latency_ms);
  else mesh.set_faults({{"latency", latency_ms}, {"faults", faults}, {"retry_after", 1}, {"seed", 7}});

  graph::ClientOptions options = mesh.client_options();
  graph::TransportOptions limits;
  if (naive) {
    options.batch_items = 1;
    limits.max_per_host = limits.max_per_tenant = limits.max_total = 1;
  }
  graph::SystemClock clock;
  int requests = 0;
  double wall = 0, cpu = 0, emulator_cpu = 0;
  std::size_t resources = 0, errors = 0;
  for (int k = 0; k < repeat; ++k) {
    bench::CountingTransport transport(limits);
    graph::GraphClient client(transport, clock, options);
    Diagnostics diagnostics;
    observe::add_manifest_tenants(client, desired.compiled.model, diagnostics);
    bench::Stopwatch watch(mesh.emulator());
    plan::ObservedState observed = observe::observe(client, desired.compiled, desired.desired, diagnostics);
    wall = watch.wall();
    cpu = watch.cpu();
    emulator_cpu = watch.emulator_cpu();
    requests = transport.requests;
    resources = observed.resources.size();
    errors = 0;
    for (const Diagnostic& d : diagnostics.items()) errors += d.severity == Severity::Error;
    if (errors) std::printf("observe error: %s\n", bench::first_error(diagnostics).c_str());
  }
  int links = mesh.links();
  double lower_bound = naive ? requests * latency_ms / 1000.0 : 4 * latency_ms / 1000.0;
  std::printf("observe%s: %d tenants, %zu resources (expected %d), %zu errors, latency %d ms%s\n", naive ? " (naive)" : "", n,
              resources, links * 8, errors, latency_ms, faults.empty() ? "" : (", faults " + faults).c_str());
  std::printf("  HTTP requests: %d (token requests %d; $batch counted once)\n", requests, n);
  std::printf("  wall %.3f s; CPU %.3f s in the client, %.3f s in the emulator; load average %s\n", wall, cpu, emulator_cpu,
              bench::load_average().c_str());
  std::printf("  lower bound %.3f s (%s); ratio %.2f\n", lower_bound,
              naive ? "latency x requests, one at a time" : "latency x (token round + 3 dependent read steps)",
              wall / lower_bound);
  return errors || resources != static_cast<std::size_t>(links * 8) ? 1 : 0;  // a wrong read fails the run
}
