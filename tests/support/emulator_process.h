// The one test fixture that runs the real emulator: starts `tenantform emulator` as a
// subprocess on 127.0.0.1 port 0, reads the URL it prints once it is listening, and
// stops it (SIGTERM when it goes away, or any signal through stop() for crash tests).
// An empty data directory runs it in memory. Header-only so every test area can use it.
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

namespace tf::test {

class EmulatorProcess {
 public:
  // `data_dir` empty: state in memory only; `seed_dir` empty: no seed.
  EmulatorProcess(const std::filesystem::path& data_dir, const std::filesystem::path& seed_dir,
                  const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {tenantform_binary().string(), "emulator", "--listen", "127.0.0.1:0"};
    if (!data_dir.empty()) argv.insert(argv.end(), {"--data", data_dir.string()});
    if (!seed_dir.empty()) argv.insert(argv.end(), {"--seed", seed_dir.string()});
    argv.insert(argv.end(), extra.begin(), extra.end());
    start(argv);
  }
  ~EmulatorProcess() { stop(SIGTERM); }
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  const std::string& url() const { return url_; }

  // Stops the process with `signal` and returns its exit code (-1 when killed by a signal).
  int stop(int signal) {
    if (pid_ <= 0) return exit_code_;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_fd_ >= 0) ::close(out_fd_);
    out_fd_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }

 private:
  void start(const std::vector<std::string>& argv) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_fd_ = out[0];
    url_ = read_line(std::chrono::seconds(30));
    if (url_.rfind("http://127.0.0.1:", 0) != 0)
      throw std::runtime_error("the emulator did not print its URL (got '" + url_ + "')");
  }

  std::string read_line(std::chrono::seconds timeout) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c = 0;
      if (::read(out_fd_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int exit_code_ = 0;
  std::string url_;
};

}  // namespace tf::test
