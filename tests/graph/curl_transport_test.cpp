// CurlTransport against a local HTTP server (cpp-httplib on 127.0.0.1): bodies and
// headers both ways, keep-alive reuse, per-tenant concurrency limits, concurrent
// starts on plain http, and transport failures classified for the retry logic.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "runtime/graph/curl_transport.h"

using namespace tf::graph;

namespace {

// A server on 127.0.0.1 with a free port, running on its own thread.
class LocalServer {
 public:
  LocalServer() {
    server.set_keep_alive_max_count(1000);
    server.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Seen-Header", req.get_header_value("X-Test"));
      res.set_content("get:" + req.get_param_value("q"), "text/plain");
    });
    auto echo_body = [](const httplib::Request& req, httplib::Response& res) {
      res.status = req.method == "POST" ? 201 : 200;
      res.set_content(req.method + ":" + req.body, "application/json");
    };
    server.Post("/echo", echo_body);
    server.Put("/echo", echo_body);
    server.Patch("/echo", echo_body);
    server.Delete("/echo", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    server.Get("/slow", [this](const httplib::Request& req, httplib::Response& res) {
      int now = ++active;
      {
        std::lock_guard lock(mutex);
        peak = std::max(peak, now);
      }
      int ms = req.has_param("ms") ? std::stoi(req.get_param_value("ms")) : 60;
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      --active;
      res.set_content("ok", "text/plain");
    });
    server.Get("/stall", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      res.set_content("late", "text/plain");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~LocalServer() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }

  httplib::Server server;
  int port = 0;
  std::thread thread;
  std::atomic<int> active{0};
  std::mutex mutex;
  int peak = 0;
};

HttpRequest request(std::string method, std::string url, std::string body = {}, std::string tenant = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  r.tenant = std::move(tenant);
  return r;
}

std::vector<Completion> wait_all(CurlTransport& t, std::size_t count) {
  std::vector<Completion> out;
  while (out.size() < count && t.in_flight() > 0)
    for (Completion& c : t.wait(Millis{5000})) out.push_back(std::move(c));
  return out;
}

}  // namespace

TEST_CASE("curl transport: methods, bodies and headers travel both ways") {
  LocalServer server;
  CurlTransport transport;
  HttpRequest get = request("GET", server.url("/echo?q=hello%20world"));
  get.headers = {{"X-Test", "value-1"}};
  HttpResponse r = perform(transport, get);
  CHECK(r.error == TransportError::None);
  CHECK(r.status == 200);
  CHECK(r.body == "get:hello world");
  CHECK(r.header("x-seen-header") == "value-1");
  CHECK(r.header("content-type") == "text/plain");
  for (const char* method : {"POST", "PUT", "PATCH"}) {
    HttpResponse w = perform(transport, request(method, server.url("/echo"), R"({"a":1})"));
    CHECK(w.status == (std::string(method) == "POST" ? 201 : 200));
    CHECK(w.body == std::string(method) + R"(:{"a":1})");
  }
  CHECK(perform(transport, request("POST", server.url("/echo"))).body == "POST:");
  CHECK(perform(transport, request("DELETE", server.url("/echo"))).status == 204);
}

TEST_CASE("curl transport: sequential requests to one host reuse one kept-alive connection") {
  LocalServer server;
  CurlTransport transport;
  for (int i = 0; i < 6; ++i) CHECK(perform(transport, request("GET", server.url("/echo"))).status == 200);
  CHECK(transport.connections_opened() == 1);
}

TEST_CASE("curl transport: no more than max_per_tenant requests of one tenant run at once") {
  LocalServer server;
  TransportOptions options;
  options.max_per_tenant = 2;
  options.max_per_host = 8;
  CurlTransport transport(options);
  for (int i = 0; i < 8; ++i) transport.submit(request("GET", server.url("/slow"), {}, "fabrikam"));
  std::vector<Completion> done = wait_all(transport, 8);
  CHECK(done.size() == 8);
  for (const Completion& c : done) CHECK(c.response.status == 200);
  CHECK(server.peak <= 2);
}

TEST_CASE("curl transport: each tenant has its own limit, and the host limit caps them together") {
  LocalServer server;
  TransportOptions options;
  options.max_per_tenant = 2;
  options.max_per_host = 3;
  CurlTransport transport(options);
  for (int i = 0; i < 12; ++i) transport.submit(request("GET", server.url("/slow"), {}, i % 2 ? "contoso" : "fabrikam"));
  std::vector<Completion> done = wait_all(transport, 12);
  CHECK(done.size() == 12);
  for (const Completion& c : done) CHECK(c.response.status == 200);
  CHECK(server.peak <= 3);
}

TEST_CASE("curl transport: a fresh transport's requests to a plain-http host start together") {
  // Over TLS, curl waits for the first connection to learn whether it can multiplex
  // (HTTP/2); plain http never can, and waiting there held every request behind the
  // first one's answer (one round trip lost at the start of each observe and apply).
  LocalServer server;
  CurlTransport transport;  // per tenant 4
  for (int i = 0; i < 4; ++i) transport.submit(request("GET", server.url("/slow?ms=400"), {}, "fabrikam"));
  std::vector<Completion> done = wait_all(transport, 4);
  CHECK(done.size() == 4);
  for (const Completion& c : done) CHECK(c.response.status == 200);
  CHECK(server.peak == 4);  // all four in the server at once, not one and then three
}

TEST_CASE("curl transport: plain http to a remote host is refused before anything is sent") {
  CurlTransport transport;
  HttpResponse r = perform(transport, request("GET", "http://graph.microsoft.com/v1.0/users"));
  CHECK(r.error == TransportError::Refused);
  CHECK(r.error_text.find("plain http is only allowed to a loopback host") == 0);
  CHECK(perform(transport, request("GET", "file:///etc/passwd")).error == TransportError::Refused);
}

TEST_CASE("curl transport: a closed port is 'not sent' and a stalled server is a timeout") {
  int closed_port = 0;
  {
    LocalServer server;  // take a free port, then close it
    closed_port = server.port;
  }
  CurlTransport transport;
  HttpResponse refused = perform(transport, request("GET", "http://127.0.0.1:" + std::to_string(closed_port) + "/"));
  CHECK(refused.error == TransportError::NotSent);
  CHECK(refused.status == 0);

  LocalServer server;
  TransportOptions options;
  options.total_timeout = Millis{200};
  CurlTransport impatient(options);
  HttpResponse late = perform(impatient, request("GET", server.url("/stall")));
  CHECK(late.error == TransportError::Timeout);
}
