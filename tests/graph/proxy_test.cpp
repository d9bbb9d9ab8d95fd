// CurlTransport and proxies: the standard environment variables (https_proxy, ...)
// route Graph traffic through a proxy, and loopback traffic (the emulator) never goes
// through one. The "proxy" is a TCP listener on 127.0.0.1 that records what it is
// asked and refuses, so no request leaves the machine.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include "runtime/graph/curl_transport.h"

using namespace tf::graph;

namespace {

// Accepts connections, records the request head of each, answers 403 and closes.
class RecordingProxy {
 public:
  RecordingProxy() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~RecordingProxy() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string heads() {
    std::lock_guard lock(mutex_);
    return heads_;
  }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      ++connections_;
      std::string head;
      char buffer[512];
      while (head.find("\r\n\r\n") == std::string::npos) {
        pollfd c{client, POLLIN, 0};
        if (::poll(&c, 1, 2000) <= 0) break;
        ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        head.append(buffer, static_cast<std::size_t>(n));
      }
      {
        std::lock_guard lock(mutex_);
        heads_ += head;
      }
      const std::string refusal = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      [[maybe_unused]] ssize_t written = ::write(client, refusal.data(), refusal.size());
      ::close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::string heads_;
  std::thread thread_;
};

// Sets environment variables for one test and restores them afterwards.
class ScopedEnvironment {
 public:
  void set(const char* name, const std::string& value) {
    const char* old = std::getenv(name);
    saved_.push_back({name, old ? std::optional<std::string>(old) : std::nullopt});
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) ::setenv(it->first, it->second->c_str(), 1);
      else ::unsetenv(it->first);
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

}  // namespace

TEST_CASE("curl transport: https_proxy from the environment carries Graph traffic (CONNECT to the Graph host)") {
  RecordingProxy proxy;
  ScopedEnvironment environment;
  environment.set("https_proxy", proxy.url());
  environment.set("HTTPS_PROXY", proxy.url());
  environment.set("no_proxy", "");
  environment.set("NO_PROXY", "");
  CurlTransport transport;
  HttpResponse response = perform(transport, {"GET", "https://graph.microsoft.com/v1.0/organization", {}, "", "contoso"});
  CHECK(response.error != TransportError::None);  // the proxy refused the tunnel
  CHECK(proxy.heads().rfind("CONNECT graph.microsoft.com:443 HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("curl transport: loopback traffic to the emulator never goes through a proxy") {
  RecordingProxy proxy;
  httplib::Server server;
  server.Get("/v1.0/organization", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  {
    ScopedEnvironment environment;
    environment.set("http_proxy", proxy.url());
    environment.set("HTTP_PROXY", proxy.url());
    environment.set("all_proxy", proxy.url());
    CurlTransport transport;
    HttpResponse response =
        perform(transport, {"GET", "http://127.0.0.1:" + std::to_string(port) + "/v1.0/organization", {}, "", "contoso"});
    CHECK(response.error == TransportError::None);
    CHECK(response.status == 200);
    CHECK(proxy.connections() == 0);
  }
  server.stop();
  thread.join();
}
