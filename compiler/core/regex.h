// Regular expressions with .NET-like syntax (named groups `(?<name>...)`, `\d`,
// lazy quantifiers), as Entra's Replace function and REGEX MATCH scoping clauses
// use them, backed by PCRE2 in UTF mode. Compiled patterns are cached per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tf {

class Regex {
 public:
  // A compiled pattern, or nullopt with `error` set ("missing closing parenthesis
  // at offset 4").
  static std::optional<Regex> compile(std::string_view pattern, std::string& error);
  // A cached compile of `pattern` (per thread); nullptr with `error` when invalid.
  static const Regex* cached(std::string_view pattern, std::string& error);

  // True when the pattern matches anywhere in `subject` (.NET Regex.IsMatch).
  bool search(std::string_view subject) const;

  struct Match {
    std::size_t begin = 0, end = 0;  // byte offsets of the whole match
    // Byte ranges of each numbered group (npos when the group did not take part).
    std::vector<std::pair<std::size_t, std::size_t>> groups;
  };
  // Every non-overlapping match, left to right, empty matches included (as .NET).
  std::vector<Match> matches(std::string_view subject) const;
  // The group number of a named group, or -1.
  int group_number(std::string_view name) const;

  // .NET Regex.Replace: every match replaced by `replacement`, where `$1`, `${name}`
  // and `$$` are substituted; nullopt with `error` on a bad replacement.
  std::optional<std::string> replace(std::string_view subject, std::string_view replacement,
                                     std::string& error) const;

  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

 private:
  struct Impl;
  explicit Regex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tf
