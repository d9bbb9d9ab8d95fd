// CurlTransport and HTTP/2, against a real HTTP/2 server on loopback: nghttpd (Debian's
// nghttp2-server) over TLS with a certificate made for the test and trusted through
// TransportOptions::ca_file. Answers come over HTTP/2 where the server offers it,
// concurrent requests to one host share one connection (multiplexed), and without the
// test's CA the certificate is refused: verification is never off for https, loopback
// included.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/graph/curl_transport.h"
#include "tests/support/util.h"

using namespace tf::graph;
namespace fs = std::filesystem;

namespace {

const char* const kNghttpd = "/usr/sbin/nghttpd";

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

// nghttpd serving `htdocs` over TLS on 127.0.0.1, with a fresh self-signed certificate
// for IP 127.0.0.1 (cert_file() is also the CA to trust).
class Http2Server {
 public:
  explicit Http2Server(const fs::path& dir) : dir_(dir), port_(free_port()) {
    REQUIRE_MESSAGE(fs::exists(kNghttpd), "the HTTP/2 tests need nghttpd: apt-get install nghttp2-server "
                                          "(scripts/install-deps.sh installs it)");
    tf::test::ProcessResult made = tf::test::run_process(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_file().string(), "-out",
         cert_file().string(), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    fs::create_directories(htdocs());
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      std::string docs = "--htdocs=" + htdocs().string(), port = std::to_string(port_);
      std::string key = key_file().string(), cert = cert_file().string();
      ::execl(kNghttpd, kNghttpd, "--address=127.0.0.1", docs.c_str(), port.c_str(), key.c_str(), cert.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200 && !accepts_connections(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE_MESSAGE(accepts_connections(port_), "nghttpd did not start");
  }
  ~Http2Server() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  fs::path htdocs() const { return dir_ / "htdocs"; }
  fs::path cert_file() const { return dir_ / "cert.pem"; }
  fs::path key_file() const { return dir_ / "key.pem"; }
  std::string url(const std::string& path) const { return "https://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  fs::path dir_;
  int port_;
  pid_t pid_ = -1;
};

HttpRequest get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  request.tenant = "t0";
  return request;
}

std::vector<Completion> wait_for(CurlTransport& transport, std::size_t count) {
  std::vector<Completion> done;
  for (int i = 0; i < 100 && done.size() < count; ++i)
    for (Completion& c : transport.wait(Millis{100})) done.push_back(std::move(c));
  return done;
}

}  // namespace

TEST_CASE("transport: over TLS with HTTP/2 offered, answers come over HTTP/2 and share one connection") {
  tf::test::TempDir dir;
  Http2Server server(dir.path());
  const std::string body = R"({"value":[{"id":"1","displayName":"Ada"}]})";
  tf::test::write_file(server.htdocs() / "users.json", body);
  TransportOptions options;
  options.ca_file = server.cert_file().string();
  CurlTransport transport(options);
  const std::size_t count = 8;
  for (std::size_t i = 0; i < count; ++i) transport.submit(get(server.url("/users.json")));
  std::vector<Completion> done = wait_for(transport, count);
  REQUIRE(done.size() == count);
  for (const Completion& c : done) {
    CAPTURE(c.response.error_text);
    CHECK(c.response.error == TransportError::None);
    CHECK(c.response.status == 200);
    CHECK(c.response.protocol == "HTTP/2");
    CHECK(c.response.body == body);
  }
  CHECK(transport.connections_opened() == 1);  // multiplexed, not one connection per request
}

TEST_CASE("transport: https to loopback verifies the certificate: without the server's CA it is refused") {
  tf::test::TempDir dir;
  Http2Server server(dir.path());
  tf::test::write_file(server.htdocs() / "users.json", "{}");
  CurlTransport transport;  // the system's CAs only
  transport.submit(get(server.url("/users.json")));
  std::vector<Completion> done = wait_for(transport, 1);
  REQUIRE(done.size() == 1);
  CHECK(done[0].response.error != TransportError::None);
  CHECK(done[0].response.status == 0);
  CHECK(done[0].response.body.empty());
}
