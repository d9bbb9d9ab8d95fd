// observe on a 20-tenant full mesh (380 links) already configured in the emulator,
// with --latency per Graph request: wall time and HTTP requests of one observe,
// against the lower bound (three dependent rounds; one $batch of at most 20 reads per
// tenant and round). Starts `tenantform emulator` (next to the bench directory, or
// argv[2]) on a generated seed, configures the mesh through the Graph client without
// latency, then sets the latency and observes.
// Usage: bench_observe [TENANTS=20] [TENANTFORM] [LATENCY_MS=20].
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "compiler/plan/state.h"
#include "runtime/graph/curl_transport.h"
#include "runtime/graph/graph_client.h"
#include "runtime/observe/observe.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kTemplate = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";

std::string tenant_id(int i) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", i + 1);
  return text;
}
std::string client_id(int i) {
  char text[40];
  std::snprintf(text, sizeof text, "0c000000-0000-4000-8000-%012d", i + 1);
  return text;
}
std::string name_of(int i) { return "t" + std::to_string(i); }

struct Emulator {
  pid_t pid = -1;
  int out = -1;
  std::string url;
  Emulator(const fs::path& binary, const fs::path& seed) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid = ::fork();
    if (pid == 0) {
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
    out = fds[0];
    char c = 0;
    while (::read(out, &c, 1) == 1 && c != '\n') url += c;
    if (url.rfind("http://", 0) != 0) throw std::runtime_error("the emulator did not start: " + binary.string());
  }
  ~Emulator() {
    if (pid > 0) ::kill(pid, SIGTERM);
    int status = 0;
    if (pid > 0) ::waitpid(pid, &status, 0);
    if (out >= 0) ::close(out);
  }
};

class CountingTransport : public tf::graph::HttpTransport {
 public:
  tf::graph::RequestId submit(tf::graph::HttpRequest request) override {
    ++requests;
    return inner.submit(std::move(request));
  }
  std::vector<tf::graph::Completion> wait(tf::graph::Millis max_wait) override { return inner.wait(max_wait); }
  std::size_t in_flight() const override { return inner.in_flight(); }
  tf::graph::CurlTransport inner;
  int requests = 0;
};

int failures(const std::vector<tf::graph::GraphResponse>& responses) {
  int n = 0;
  for (const auto& r : responses) n += r.error ? 1 : 0;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 20;
  int latency_ms = argc > 3 ? std::atoi(argv[3]) : 20;
  fs::path binary = argc > 2 ? fs::path(argv[2]) : fs::canonical("/proc/self/exe").parent_path().parent_path() / "tenantform";
  fs::path seed = fs::temp_directory_path() / ("bench-observe-" + std::to_string(::getpid()));
  fs::create_directories(seed);
  tf::manifest::CompiledManifest manifest;
  for (int i = 0; i < n; ++i) {
    json t = {{"id", tenant_id(i)}, {"domain", name_of(i) + ".example"},
              {"clients", {{{"client_id", client_id(i)}, {"client_secret", "secret-" + name_of(i)}}}},
              {"users", json::array()}, {"groups", json::array()}};
    FILE* f = std::fopen((seed / (name_of(i) + ".json")).c_str(), "w");
    std::fputs(t.dump().c_str(), f);
    std::fclose(f);
    tf::manifest::Tenant tenant;
    tenant.name = name_of(i);
    tenant.id = tenant_id(i);
    manifest.model.tenants.push_back(tenant);
  }
  Emulator emulator(binary, seed);
  tf::graph::ClientOptions options;
  options.endpoints.emulator_url = emulator.url;
  options.environment_tokens = false;
  tf::graph::SystemClock clock;
  tf::graph::CurlTransport setup_transport;
  tf::graph::GraphClient setup(setup_transport, clock, options);
  for (int i = 0; i < n; ++i)
    setup.add_tenant({name_of(i), tenant_id(i), tf::graph::Cloud::Global,
                      tf::graph::ClientSecretCredential{client_id(i), "secret-" + name_of(i)}});

  // The mesh, through Graph: partners, policies, apps; then tags, jobs, secrets; then start.
  std::vector<tf::graph::GraphRequest> partners, policies, apps;
  tf::plan::DesiredState desired;
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b) {
      if (a == b) continue;
      partners.push_back({.tenant = name_of(a), .method = "POST", .path = kPartners, .body = json{{"tenantId", tenant_id(b)}}});
      policies.push_back({.tenant = name_of(a), .method = "PUT", .path = kPartners + "/" + tenant_id(b) + "/identitySynchronization",
                          .body = json{{"displayName", name_of(b)}, {"userSyncInbound", {{"isSyncAllowed", true}}}}});
      policies.push_back({.tenant = name_of(a), .method = "PATCH", .path = kPartners + "/" + tenant_id(b),
                          .body = json{{"automaticUserConsentSettings", {{"inboundAllowed", true}, {"outboundAllowed", true}}}}});
      apps.push_back({.tenant = name_of(a), .method = "POST", .path = "/applicationTemplates/" + kTemplate + "/instantiate",
                      .body = json{{"displayName", "tenantform sync to " + name_of(b)}}});
      for (auto kind : {tf::plan::ResourceKind::SyncApp, tf::plan::ResourceKind::SyncSecrets,
                        tf::plan::ResourceKind::SyncJob, tf::plan::ResourceKind::SyncSchema,
                        tf::plan::ResourceKind::AppRoleAssignments, tf::plan::ResourceKind::JobState}) {
        tf::plan::Resource r;
        r.kind = kind;
        r.tenant = name_of(a);
        r.partner = name_of(b);
        r.address = tf::plan::resource_address(kind, r.tenant, r.partner);
        desired.resources.push_back(r);
      }
    }
  std::sort(desired.resources.begin(), desired.resources.end(),
            [](const auto& x, const auto& y) { return x.address < y.address; });
  int failed = failures(setup.send_all(partners)) + failures(setup.send_all(policies));
  std::vector<tf::graph::GraphResponse> created = setup.send_all(apps);
  failed += failures(created);
  std::vector<tf::graph::GraphRequest> parts;
  for (std::size_t k = 0; k < created.size(); ++k) {
    if (created[k].error) continue;
    const std::string& tenant = apps[k].tenant;
    int a = std::stoi(tenant.substr(1));
    std::string target = created[k].body["application"]["displayName"].get<std::string>().substr(std::string("tenantform sync to ").size());
    int b = std::stoi(target.substr(1));
    std::string sp = "/servicePrincipals/" + created[k].body["servicePrincipal"]["id"].get<std::string>();
    parts.push_back({.tenant = tenant, .method = "PATCH", .path = sp,
                     .body = json{{"tags", {tf::plan::ownership_tag({tenant_id(a), tenant_id(b)})}}}});
    parts.push_back({.tenant = tenant, .method = "POST", .path = sp + "/synchronization/jobs", .body = json{{"templateId", "Azure2Azure"}},
                     .idempotency = tf::graph::Idempotency::Idempotent});
    parts.push_back({.tenant = tenant, .method = "PUT", .path = sp + "/synchronization/secrets",
                     .body = json{{"value", {{{"key", "CompanyId"}, {"value", tenant_id(b)}},
                                             {{"key", "AuthenticationType"}, {"value", "SyncPolicy"}}}}}});
  }
  failed += failures(setup.send_all(parts));
  std::printf("setup: %d tenants, %zu links configured, %d failed calls\n", n, apps.size(), failed);

  tf::graph::perform(setup_transport, {.method = "POST", .url = emulator.url + "/_emulator/faults",
                                       .headers = {{"Content-Type", "application/json"}}, .body = json{{"latency", latency_ms}}.dump(), .tenant = ""});
  CountingTransport transport;
  tf::graph::GraphClient client(transport, clock, options);
  for (int i = 0; i < n; ++i)
    client.add_tenant({name_of(i), tenant_id(i), tf::graph::Cloud::Global,
                       tf::graph::ClientSecretCredential{client_id(i), "secret-" + name_of(i)}});
  for (int i = 0; i < n; ++i) client.ensure_token(name_of(i));
  int token_requests = transport.requests;
  tf::Diagnostics diagnostics;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  tf::plan::ObservedState observed = tf::observe::observe(client, manifest, desired, diagnostics);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  int graph_requests = transport.requests - token_requests;
  int links = n * (n - 1);
  int per_tenant_round2 = ((n - 1) * 3 + 19) / 20;
  int bound = n * (1 + per_tenant_round2 + ((n - 1) + 19) / 20);
  std::printf("observe: %.3f s wall (%.3f s CPU in tenantform), %d Graph requests ($batch counted once; lower bound %d), %zu resources, "
              "%zu diagnostics, latency %d ms per request\n",
              seconds, cpu, graph_requests, bound, observed.resources.size(), diagnostics.items().size(), latency_ms);
  std::printf("expected resources: %d (partner configurations, identity sync policies, 6 per link)\n", links * 2 + links * 6);
  fs::remove_all(seed);
  return diagnostics.has_errors() ? 1 : 0;
}
