// How the emulator reads mapping expressions: parse (for parseExpression and schema
// PUT validation) and evaluate (for the provisioning cycle) through the compiler's
// parser, checker and evaluator (compiler/expr), behind this one small class so the
// engine and routes never see the syntax tree. Parsed expressions are cached by text.
// Attribute and Constant mapping sources take a fast path without parsing.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"

namespace tf::emulator {

class ExpressionService {
 public:
  ExpressionService();
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

}  // namespace tf::emulator
