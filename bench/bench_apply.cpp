// apply of an N-tenant full mesh (default 20 tenants, 380 links) from empty emulator
// tenants, with injected latency per Graph request, through the real pipeline:
// compile the generated manifest -> expand -> observe -> diff -> apply(). Times the
// apply alone (the plan is made first, at the same latency, with a client whose
// tokens apply then reuses, as `tenantform apply DIR` does) and reports wall time,
// CPU (this process and the emulator), HTTP requests, and two lower bounds:
//   chain bound:  latency x the longest chain of dependent Graph calls in the plan
//                 (each change weighted by the calls it makes, kCalls below);
//   tenant bound: latency x the requests of the busiest tenant / the transport's
//                 per-tenant concurrency limit (requests to one tenant cannot
//                 overlap more than that).
// The real bound is the larger of the two; the ratio is against it.
//
// Usage: bench_apply [TENANTS=20] [TENANTFORM] [LATENCY_MS=20]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include "bench/bench_support.h"
#include "runtime/apply/apply.h"

namespace {

using namespace tf;

// Graph calls of a create of each kind on empty tenants (runtime/apply/actions.h):
// partner configuration POST + PATCH; policy PUT; sync app GET by tag, GET by
// name, POST instantiate, PATCH tags; secrets PUT + validateCredentials; job GET +
// POST; schema GET + PUT; assignments GET (no groups in the default scope); job
// state GET + POST start.
int calls(const plan::Change& change) {
  switch (change.kind) {
    case plan::ResourceKind::PartnerConfiguration: return 2;
    case plan::ResourceKind::IdentitySyncPolicy: return 1;
    case plan::ResourceKind::SyncApp: return 4;
    case plan::ResourceKind::SyncSecrets: return 2;
    case plan::ResourceKind::SyncJob: return 2;
    case plan::ResourceKind::SyncSchema: return 2;
    case plan::ResourceKind::AppRoleAssignments: return 1;
    case plan::ResourceKind::JobState: return 2;
  }
  return 1;
}

// The longest chain of dependent calls, over the plan's dependency DAG.
int longest_chain(const plan::Plan& plan) {
  std::map<std::string, const plan::Change*> by_address;
  for (const plan::Change& c : plan.changes) by_address[c.address] = &c;
  std::map<std::string, int> memo;
  std::function<int(const plan::Change&)> chain = [&](const plan::Change& c) -> int {
    if (auto it = memo.find(c.address); it != memo.end()) return it->second;
    int before = 0;
    for (const std::string& dep : c.depends_on)
      if (auto it = by_address.find(dep); it != by_address.end()) before = std::max(before, chain(*it->second));
    return memo[c.address] = before + calls(c);
  };
  int longest = 0;
  for (const plan::Change& c : plan.changes) longest = std::max(longest, chain(c));
  return longest;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 20;
  bench::fs::path binary = argc > 2 ? bench::fs::path(argv[2])
                                    : bench::fs::canonical("/proc/self/exe").parent_path().parent_path() / "tenantform";
  int latency_ms = argc > 3 ? std::atoi(argv[3]) : 20;

  bench::MeshBench mesh(n, binary);
  Diagnostics diagnostics;
  bench::Desired desired = bench::compile_mesh(mesh, diagnostics);
  mesh.set_latency(latency_ms);
  graph::TransportOptions limits;
  bench::CountingTransport transport(limits);
  graph::SystemClock clock;
  graph::GraphClient client(transport, clock, mesh.client_options());
  observe::add_manifest_tenants(client, desired.compiled.model, diagnostics);
  plan::Plan plan = bench::plan_mesh(client, desired, diagnostics);
  if (diagnostics.has_errors()) {
    std::printf("plan error: %s\n", bench::first_error(diagnostics).c_str());
    return 1;
  }
  std::map<std::string, int> kinds;
  for (const plan::Change& c : plan.changes) ++kinds[plan::resource_kind_name(c.kind)];
  std::string kind_text;
  for (const auto& [kind, count] : kinds) kind_text += (kind_text.empty() ? "" : ", ") + std::to_string(count) + " " + kind;

  int planned_requests = transport.requests;
  transport.per_tenant.clear();
  bench::Stopwatch watch(mesh.emulator());
  apply::ApplyResult result = apply::apply(client, plan, {}, diagnostics);
  double wall = watch.wall(), cpu = watch.cpu(), emulator_cpu = watch.emulator_cpu();
  int requests = transport.requests - planned_requests;
  int busiest = 0;
  for (const auto& [tenant, count] : transport.per_tenant) busiest = std::max(busiest, count);

  int chain = longest_chain(plan);
  double chain_bound = chain * latency_ms / 1000.0;
  double tenant_bound = (busiest + static_cast<int>(limits.max_per_tenant) - 1) / static_cast<int>(limits.max_per_tenant) *
                        latency_ms / 1000.0;
  double bound = std::max(chain_bound, tenant_bound);
  std::printf("apply: %d tenants, %d links, %zu changes (%s); %d succeeded, %d failed, %d skipped; latency %d ms\n", n,
              mesh.links(), plan.changes.size(), kind_text.c_str(), result.succeeded, result.failed, result.skipped,
              latency_ms);
  if (diagnostics.has_errors()) std::printf("apply error: %s\n", bench::first_error(diagnostics).c_str());
  std::printf("  HTTP requests: %d (busiest tenant %d; the plan before it: %d)\n", requests, busiest, planned_requests);
  std::printf("  wall %.3f s; CPU %.3f s in the client, %.3f s in the emulator; load average %s\n", wall, cpu, emulator_cpu,
              bench::load_average().c_str());
  std::printf("  chain bound %.3f s (%d dependent calls); tenant bound %.3f s (%d requests / %zu at once); ratio %.2f "
              "against the %s bound\n",
              chain_bound, chain, tenant_bound, busiest, limits.max_per_tenant, wall / bound,
              bound == chain_bound ? "chain" : "tenant");
  return result.ok() && !diagnostics.has_errors() ? 0 : 1;
}
