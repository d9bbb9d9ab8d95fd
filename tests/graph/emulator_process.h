// Starts the real `tenantform emulator` as a subprocess on 127.0.0.1 port 0 for the
// Graph client's integration tests, reads the URL it prints on its first line, and
// stops it with SIGTERM when it goes away. Header-only (tests/graph builds only
// *_test.cpp files).
#pragma once

#include <chrono>
#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/util.h"

namespace tf::graph::test {

class EmulatorProcess {
 public:
  EmulatorProcess(const std::filesystem::path& seed_dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {tf::test::tenantform_binary().string(), "emulator", "--seed", seed_dir.string(),
                                     "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    start(argv);
  }
  ~EmulatorProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    ::close(out_);
  }
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  const std::string& url() const { return url_; }

 private:
  void start(const std::vector<std::string>& argv) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(pipe_fds[1], 1);
      ::close(pipe_fds[0]);
      ::close(pipe_fds[1]);
      int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) ::dup2(null, 2);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out_ = pipe_fds[0];
    url_ = first_line();
    if (url_.rfind("http://127.0.0.1:", 0) != 0)
      throw std::runtime_error("the emulator did not print its URL (got '" + url_ + "')");
  }

  std::string first_line() {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c = 0;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  std::string url_;
};

}  // namespace tf::graph::test
