// Keeping secrets out of everything tenantform prints or writes. A Redactor knows
// the secret values of this run (client secrets, tokens, assertions, private keys)
// and also recognises secrets by shape: Authorization headers, the client_secret /
// client_assertion form fields and "access_token" JSON members.
//
// Promises: redact(text) contains none of the registered values and none of the
// recognised shapes' values; each is replaced by "[redacted]". Registering is
// thread-safe. Values shorter than 4 bytes are not registered (they would mangle
// ordinary text and are no secret worth the name). A value is also registered in
// its form-encoded spelling.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace tf::graph {

inline constexpr std::string_view kRedacted = "[redacted]";

class Redactor {
 public:
  void add_secret(std::string value);
  std::string redact(std::string_view text) const;

 private:
  mutable std::mutex mutex_;
  std::set<std::string> secrets_;
};

// Only the shape-based part (no registered values): usable without a Redactor.
std::string redact_patterns(std::string_view text);

}  // namespace tf::graph
