// Helpers shared by the test areas: files, temporary directories, running the
// tenantform binary and capturing what it prints, and golden-file comparison.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tf::test {

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

// The repository root and shared/ (absolute, from the build).
std::filesystem::path source_dir();
std::filesystem::path shared_dir();
// The built tenantform binary.
std::filesystem::path tenantform_binary();

// A fresh directory under the system temp dir, removed when this goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is the program path) with `input` on stdin and extra
// environment variables, waits for it and returns what it printed. NO_COLOR is set.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::map<std::string, std::string>& env = {});

// Runs the tenantform binary with these arguments.
ProcessResult run_tenantform(const std::vector<std::string>& args, const std::string& input = {},
                             const std::map<std::string, std::string>& env = {});

// Compares `actual` with the golden file; with UPDATE_GOLDEN=1 in the environment
// it rewrites the file instead and returns true. On a mismatch it returns false and
// `diff` holds the first differing line of each.
bool matches_golden(const std::filesystem::path& golden, const std::string& actual, std::string& diff);

}  // namespace tf::test
