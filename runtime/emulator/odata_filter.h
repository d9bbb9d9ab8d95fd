// The subset of OData $filter the emulator understands: comparisons (eq, ne, gt, ge,
// lt, le) between a property path ("servicePrincipal/id") or tolower(path) and a
// literal ('text', numbers, true/false/null, bare ISO dates), startswith/endswith/
// contains calls, lambda "tags/any(t:t eq 'x')", and/or/not and parentheses.
// Strings compare case-insensitively for eq/ne (as Graph's directory does);
// contains is case-sensitive. Anything else is a 400 GraphError.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace tf::emulator {

class ODataFilter {
 public:
  // Parses `text`; throws GraphError(400) on unsupported syntax.
  explicit ODataFilter(const std::string& text);
  ~ODataFilter();
  ODataFilter(ODataFilter&&) noexcept;

  // With `hide_internal`, the object's top-level keys starting with "_" (the
  // emulator's own) are treated as absent, as in the object's public view.
  bool matches(const nlohmann::json& object, bool hide_internal = false) const;

  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

}  // namespace tf::emulator
