// How mapping expressions are read where they are run rather than compiled: parse
// (the emulator's parseExpression and schema PUT validation) and evaluate (the
// emulator's provisioning cycle, and `preview`) through the compiler's parser,
// checker and evaluator (compiler/expr), behind this one small class so callers
// never see the syntax tree. Parsed expressions are cached by text.
// Attribute and Constant mapping sources take a fast path without parsing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"

namespace tf::provision {

class ExpressionService {
 public:
  // The clock of Now() and the random source of Guid and RandomString, given by the
  // caller so compiler/ stays pure; without them those functions fail to evaluate.
  // `random` is called under the service's lock.
  struct Environment {
    std::function<std::chrono::sys_seconds()> now;
    std::function<std::uint64_t()> random;
  };
  explicit ExpressionService(Environment environment = {});
  ~ExpressionService();

  struct Parsed {
    bool ok = false;
    nlohmann::json source;  // the attributeMappingSource tree when ok
    std::string error;      // "unknown function 'Jion'" (first diagnostic) otherwise
  };
  Parsed parse(const std::string& text) const;

  struct Evaluated {
    enum class Kind { Value, Null, IgnoreFlow, Error } kind = Kind::Null;
    std::vector<std::string> values;  // the result as text (one value unless multi-valued)
    std::string error;
  };
  Evaluated evaluate(const std::string& text, const Attributes& attributes) const;
  // An attributeMappingSource: Attribute and Constant directly, Function through its
  // "expression" text.
  Evaluated evaluate_source(const nlohmann::json& source, const Attributes& attributes) const;

 private:
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

}  // namespace tf::provision
