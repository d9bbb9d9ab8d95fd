// The compiler's expression pipeline for mapping sources that are run (expression_service.h).
#include "compiler/provision/expression_service.h"


#include "compiler/diag/diagnostic.h"
#include "compiler/expr/checker.h"
#include "compiler/expr/evaluator.h"
#include "compiler/expr/parser.h"
#include "compiler/expr/printer.h"

namespace tf::provision {

namespace {

struct Compiled {
  std::optional<expr::Expression> expression;
  std::string error;
};

std::string first_error(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items())
    if (d.severity == Severity::Error) return d.message;
  return "the expression is not valid";
}

Compiled compile(const std::string& text) {
  Diagnostics diagnostics;
  Compiled out;
  out.expression = expr::parse_expression(located_string_from(text, "expression"), diagnostics);
  if (out.expression) {
    expr::CheckOptions options;
    options.check_attribute_names = false;
    expr::check_expression(*out.expression, options, diagnostics);
  }
  if (diagnostics.has_errors()) {
    out.error = first_error(diagnostics);
    out.expression.reset();
  }
  return out;
}

ExpressionService::Evaluated from_value(const expr::Value& value) {
  using Kind = ExpressionService::Evaluated::Kind;
  if (value.is_ignore_flow()) return {Kind::IgnoreFlow, {}, {}};
  if (value.is_null()) return {Kind::Null, {}, {}};
  ExpressionService::Evaluated out{Kind::Value, {}, {}};
  if (value.type() == expr::Value::Type::MultiValued || value.type() == expr::Value::Type::Complex) {
    for (std::string_view v : value.values()) out.values.emplace_back(v);
  } else {
    out.values.push_back(value.to_string());
  }
  return out;
}

}  // namespace

struct ExpressionService::Cache {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const Compiled>> entries;
  Environment environment;

  std::shared_ptr<const Compiled> get(const std::string& text) {
    std::lock_guard<std::mutex> guard(mutex);
    auto it = entries.find(text);
    if (it != entries.end()) return it->second;
    auto compiled = std::make_shared<const Compiled>(compile(text));
    if (entries.size() > 10000) entries.clear();
    entries.emplace(text, compiled);
    return compiled;
  }
};

ExpressionService::ExpressionService(Environment environment) : cache_(std::make_unique<Cache>()) {
  cache_->environment = std::move(environment);
}
ExpressionService::~ExpressionService() = default;

ExpressionService::Parsed ExpressionService::parse(const std::string& text) const {
  auto compiled = cache_->get(text);
  if (!compiled->expression) return Parsed{false, nullptr, compiled->error};
  return Parsed{true, expr::to_graph_source(*compiled->expression), {}};
}

ExpressionService::Evaluated ExpressionService::evaluate(const std::string& text, const Attributes& attributes) const {
  auto compiled = cache_->get(text);
  if (!compiled->expression) return Evaluated{Evaluated::Kind::Error, {}, compiled->error};
  expr::EvalContext context;
  context.attributes = &attributes;
  context.now = cache_->environment.now;
  if (cache_->environment.random)
    context.random = [this] {
      std::lock_guard<std::mutex> guard(cache_->mutex);
      return cache_->environment.random();
    };
  expr::EvalResult result = expr::evaluate(*compiled->expression, context);
  if (!result.ok()) return Evaluated{Evaluated::Kind::Error, {}, result.error->message};
  return from_value(result.value);
}

ExpressionService::Evaluated ExpressionService::evaluate_source(const nlohmann::json& source,
                                                                const Attributes& attributes) const {
  std::string type = source.value("type", "Attribute");
  if (type == "Constant") return Evaluated{Evaluated::Kind::Value, {source.value("name", "")}, {}};
  if (type == "Attribute") {
    const AttributeValue* value = find_attribute(attributes, source.value("name", ""));
    if (!value || is_null(*value)) return Evaluated{};
    if (const auto* list = std::get_if<std::vector<std::string>>(value)) return Evaluated{Evaluated::Kind::Value, *list, {}};
    return Evaluated{Evaluated::Kind::Value, {attribute_text(*value).value_or("")}, {}};
  }
  return evaluate(source.value("expression", ""), attributes);
}

}  // namespace tf::provision
