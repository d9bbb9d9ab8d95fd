// HTTP glue between cpp-httplib and the emulator's routes (see server.h). Requests
// that only read (GET, a $batch of GETs, token requests, the raw tenant dump) run
// under the store's shared lock, in parallel; every other one under its exclusive
// lock, followed by the flush.
#include "runtime/emulator/server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include <httplib.h>
#include <pthread.h>
#include <sys/socket.h>

#include "compiler/core/text.h"
#include "compiler/provision/expression_service.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/provisioning.h"
#include "runtime/emulator/store.h"
#include "runtime/emulator/tenant.h"
#include "runtime/emulator/tokens.h"
#include "runtime/emulator/url.h"

namespace tf::emulator {

namespace {

// httplib serves a kept-alive connection on one worker thread until it closes, so the
// pool must hold every connection clients keep open at once (the Graph client opens
// up to 64), or new connections wait for an idle one to time out (5 s).
constexpr std::size_t kWorkerThreads = 128;
const char* kJsonType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// True when `request` cannot change the store: a GET, or a POST of a $batch whose
// items are all GETs (a body that does not parse is not: the batch route answers 400
// under the exclusive lock). Such requests are dispatched with Access::Read.
bool reads_only(const ApiRequest& request) {
  if (request.method == "GET") return true;
  std::vector<std::string> path = split_path(request.path);
  if (request.method != "POST" || path.size() != 1 || lower_ascii(path[0]) != "$batch") return false;
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array() || body["requests"].empty()) return false;
  return std::all_of(body["requests"].begin(), body["requests"].end(), [](const nlohmann::json& item) {
    return item.is_object() && item.contains("method") && item["method"].is_string() &&
           lower_ascii(item["method"].get<std::string>()) == "get";
  });
}

// Now() reads the wall clock and Guid/RandomString a generator seeded at start, as in Entra.
ExpressionService::Environment system_environment() {
  auto generator = std::make_shared<std::mt19937_64>(std::random_device{}());
  return {[] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); },
          [generator] { return (*generator)(); }};
}

void drop_connection(httplib::Response& res) {
  res.set_content_provider(64, "application/json", [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

struct EmulatorServer::Impl {
  explicit Impl(const ServerOptions& o)
      : options(o), store(o.data_dir), tokens(o.data_dir), expressions(system_environment()), engine(expressions),
        router(make_graph_router()),
        env{store, expressions, engine, options.choices, router}, faults(o.faults, o.fault_seed) {}

  ServerOptions options;
  Store store;
  TokenService tokens;
  ExpressionService expressions;
  ProvisioningEngine engine;
  Router router;
  RouteEnv env;
  FaultInjector faults;
  httplib::Server http;
  int port = 0;
  socket_t listen_socket = -1;

  // httplib listens with a backlog of 5: a client that opens more connections at once
  // (one per concurrent request) has its extra SYNs dropped and retried a second
  // later. Listening again on the bound socket raises the backlog.
  void widen_backlog() const {
    if (listen_socket >= 0) ::listen(listen_socket, SOMAXCONN);
  }

  void routes() {
    // Clients keep connections alive and run requests concurrently: give them room
    // (httplib takes ownership of the queue it is handed).
    http.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    http.set_keep_alive_max_count(1000);
    // httplib writes a response's headers and body separately: with Nagle's algorithm
    // the body waits for the client's delayed ACK of the headers (40 ms on Linux).
    http.set_tcp_nodelay(true);
    http.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_socket = sock;
    });
    http.Post(R"(/([^/_][^/]*)/oauth2/v2\.0/token)", [this](const httplib::Request& req, httplib::Response& res) { token(req, res); });
    auto graph_handler = [this](const httplib::Request& req, httplib::Response& res) { graph(req, res); };
    const char* graph_pattern = R"(/(v1\.0|beta)(/.*))";
    http.Get(graph_pattern, graph_handler);
    http.Post(graph_pattern, graph_handler);
    http.Put(graph_pattern, graph_handler);
    http.Patch(graph_pattern, graph_handler);
    http.Delete(graph_pattern, graph_handler);
    http.Post("/_emulator/cycle", [this](const httplib::Request&, httplib::Response& res) { cycle(res); });
    http.Get("/_emulator/faults", [this](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, settings_to_json(faults.settings()));
    });
    http.Post("/_emulator/faults", [this](const httplib::Request& req, httplib::Response& res) { set_faults(req, res); });
    http.Post("/_emulator/tenants", [this](const httplib::Request& req, httplib::Response& res) { add_tenant(req, res); });
    http.Get(R"(/_emulator/tenants/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { dump_tenant(req, res); });
    http.Get("/_emulator/health", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"status", "ok"}}); });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
      std::string what = "unknown";
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      send_json(res, 500, {{"error", {{"code", "generalException"}, {"message", "internal emulator error: " + what}}}});
    });
  }

  void token(const httplib::Request& req, httplib::Response& res) {
    TokenRequest request{req.matches[1], parse_query(req.body), req.get_header_value("Authorization"), req.get_header_value("Host")};
    // A sign-in takes a round trip too (faults.h): the fixed latency, no jitter draw.
    if (int latency = faults.settings().latency_ms; latency > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency));
    Store::ReadLock lock = store.read_lock();  // issue() reads the store (const) and locks its own grants
    TokenAnswer answer = tokens.issue(store, request);
    send_json(res, answer.status, answer.body);
  }

  ApiRequest api_request(const httplib::Request& req) const {
    ApiRequest r;
    r.method = req.method;
    r.version = req.matches[1];
    r.path = req.matches[2];
    std::size_t question = req.target.find('?');
    if (question != std::string::npos)
      r.query = parse_query(req.target.substr(question + 1));  // splits each pair at its first '='
    else
      for (const auto& [key, value] : req.params) r.query[key] = value;
    for (const auto& [key, value] : req.headers) r.headers[lower_ascii(key)] = value;
    r.body = req.body;
    r.base_url = "http://" + req.get_header_value("Host");
    r.request_id = req.has_header("client-request-id") ? req.get_header_value("client-request-id") : new_guid();
    return r;
  }

  static void send_api(httplib::Response& res, const ApiRequest& request, ApiResponse response) {
    res.status = response.status;
    for (const auto& [key, value] : response.headers) res.set_header(key, value);
    res.set_header("request-id", request.request_id);
    res.set_header("client-request-id", request.request_id);
    res.set_header("x-ms-resource-unit", "1");
    if (response.has_body()) {
      res.set_header("OData-Version", "4.0");
      // set_content() without its copy of the (up to ~350 KB) body.
      res.body = response.take_body_text();
      res.headers.erase("Content-Type");
      res.set_header("Content-Type", kJsonType);
    }
  }

  // A fault answer, or false when the request should proceed.
  bool inject_fault(const ApiRequest& request, httplib::Response& res) {
    FaultInjector::Decision decision = faults.decide();
    if (decision.delay.count() > 0) std::this_thread::sleep_for(decision.delay);
    if (decision.fault == Fault::None) return false;
    if (decision.fault == Fault::Reset) {
      drop_connection(res);
      return true;
    }
    bool throttle = decision.fault == Fault::Throttle;
    ApiResponse response = error_response(
        throttle ? GraphError(429, "TooManyRequests", "Too many requests. Please retry after the time given in Retry-After.")
                 : GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later."),
        request.request_id);
    response.headers["Retry-After"] = std::to_string(decision.retry_after_seconds);
    if (throttle) {
      response.headers["x-ms-throttle-scope"] = "Tenant_Application/ReadWrite/emulator/emulator";
      response.headers["x-ms-throttle-information"] = "ResourceUnitLimitExceeded";
    }
    send_api(res, request, std::move(response));
    return true;
  }

  void graph(const httplib::Request& req, httplib::Response& res) {
    ApiRequest request = api_request(req);
    if (inject_fault(request, res)) return;
    std::string tenant;
    try {
      tenant = tokens.authenticate(req.get_header_value("Authorization"));
    } catch (const GraphError& error) {
      return send_api(res, request, error_response(error, request.request_id));
    }
    ApiResponse response = reads_only(request) ? dispatch_reading(request, tenant) : dispatch_writing(request, tenant);
    send_api(res, request, std::move(response));  // sent outside the store's lock
  }

  static ApiResponse gone_tenant(const ApiRequest& request) {
    return error_response(GraphError(401, "InvalidAuthenticationToken", "The tenant of this token no longer exists."), request.request_id);
  }

  ApiResponse dispatch_reading(const ApiRequest& request, const std::string& tenant) {
    Store::ReadLock lock = store.read_lock();
    if (!store.has_tenant(tenant)) return gone_tenant(request);
    return router.dispatch(request, env, tenant, Access::Read);  // nothing to flush: Access::Read cannot write
  }

  ApiResponse dispatch_writing(const ApiRequest& request, const std::string& tenant) {
    Store::Lock lock = store.lock();
    if (!store.has_tenant(tenant)) return gone_tenant(request);
    ApiResponse response = router.dispatch(request, env, tenant, Access::Write);
    store.flush();
    return response;
  }

  void cycle(httplib::Response& res) {
    Store::Lock lock = store.lock();
    nlohmann::json summary = engine.run_cycle(store);
    store.flush();
    send_json(res, 200, summary);
  }

  void set_faults(const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    try {
      FaultSettings settings = settings_from_json(body, faults.settings());
      std::optional<std::uint64_t> seed;
      if (body.is_object() && body.contains("seed")) seed = body["seed"].get<std::uint64_t>();
      faults.configure(settings, seed);
      send_json(res, 200, settings_to_json(settings));
    } catch (const std::exception& error) {
      send_json(res, 400, {{"error", {{"code", "invalidRequest"}, {"message", error.what()}}}});
    }
  }

  void add_tenant(const httplib::Request& req, httplib::Response& res) {
    nlohmann::json seed = nlohmann::json::parse(req.body, nullptr, false);
    try {
      nlohmann::json tenant = tenant_from_seed(seed, seed.is_object() ? seed.value("name", "tenant") : "", "request");
      Store::Lock lock = store.lock();
      std::string id = tenant["id"];
      if (store.has_tenant(id)) return send_json(res, 409, {{"error", {{"code", "conflict"}, {"message", "tenant '" + id + "' exists"}}}});
      store.add_tenant(id, tenant);
      store.flush();
      send_json(res, 201, {{"id", id}});
    } catch (const std::exception& error) {
      send_json(res, 400, {{"error", {{"code", "invalidRequest"}, {"message", error.what()}}}});
    }
  }

  void dump_tenant(const httplib::Request& req, httplib::Response& res) {
    Store::ReadLock lock = store.read_lock();
    auto id = store.resolve_tenant(req.matches[1]);
    if (!id) return send_json(res, 404, {{"error", {{"code", "notFound"}, {"message", "no such tenant"}}}});
    nlohmann::json tenant = store.tenant(*id);
    tenant.erase("clients");
    send_json(res, 200, tenant);
  }
};

EmulatorServer::EmulatorServer(ServerOptions options) {
  if (!is_loopback_host(options.host))
    throw std::runtime_error("the emulator listens on loopback only; '" + options.host + "' is not a loopback address (use 127.0.0.1)");
  if (!options.data_dir.empty()) std::filesystem::create_directories(options.data_dir);
  impl_ = std::make_unique<Impl>(options);
  if (!options.seed_dir.empty()) {
    Store::Lock lock = impl_->store.lock();
    if (impl_->store.empty()) {
      for (nlohmann::json& tenant : load_seed_directory(options.seed_dir)) {
        std::string id = tenant["id"];
        impl_->store.add_tenant(id, std::move(tenant));
      }
      impl_->store.flush();
    } else {
      notes_ = "the store in '" + options.data_dir.string() + "' is not empty; the seed was not loaded";
    }
  }
  impl_->routes();
}

EmulatorServer::~EmulatorServer() = default;

int EmulatorServer::bind() {
  const std::string& host = impl_->options.host == "localhost" ? std::string("127.0.0.1") : impl_->options.host;
  if (impl_->options.port == 0)
    impl_->port = impl_->http.bind_to_any_port(host);
  else
    impl_->port = impl_->http.bind_to_port(host, impl_->options.port) ? impl_->options.port : -1;
  if (impl_->port <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(impl_->options.port));
  impl_->widen_backlog();
  return impl_->port;
}

bool EmulatorServer::serve() { return impl_->http.listen_after_bind(); }
void EmulatorServer::stop() { impl_->http.stop(); }
bool EmulatorServer::is_running() const { return impl_->http.is_running(); }

std::string EmulatorServer::url() const {
  std::string host = impl_->options.host == "localhost" ? "127.0.0.1" : impl_->options.host;
  if (host.find(':') != std::string::npos && !host.starts_with("[")) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port);
}

int serve_until_signal(EmulatorServer& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  server.bind();
  std::atomic<bool> finished{false};
  std::thread serving([&server, &finished] {
    server.serve();
    finished = true;
  });
  // Print the address only once connections are accepted, and never call stop()
  // before that: httplib's stop() is a no-op until listen has started, which would
  // leave a signal that arrives early unanswered and the process hanging.
  auto wait_until_running = [&] {
    while (!finished && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  wait_until_running();
  std::cout << server.url() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  wait_until_running();
  server.stop();
  serving.join();
  return 0;
}

nlohmann::json request_cycle(const std::string& url) {
  httplib::Client client(url);
  client.set_read_timeout(600, 0);
  auto result = client.Post("/_emulator/cycle", "", "application/json");
  if (!result) throw std::runtime_error("cannot reach the emulator at '" + url + "': " + httplib::to_string(result.error()));
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200 || body.is_discarded())
    throw std::runtime_error("the emulator at '" + url + "' answered " + std::to_string(result->status) + " to the cycle request");
  return body;
}

}  // namespace tf::emulator
