// `tenantform eval EXPR [--user FILE | --user-json JSON] [--now ISO]`: evaluates a
// mapping expression on a sample user and prints the value (a multi-valued result one
// value per line; null and ignore-flow print nothing on stdout and a note on stderr;
// --json prints the vector form instead). A parse, type or evaluation error is
// rendered with a caret under "<expression>" and exits 1.
//
// `tenantform eval --jsonl`: reads JSON lines from stdin in the vector format
// ({"expression", "attributes", "now", "existingValues"} or {"filter", "attributes"})
// and writes exactly one JSON line per input line, flushed: {"value": ...},
// {"error": "<category>", "message": "..."} or {"inScope": true|false}. A bad line
// gets {"error": "InvalidInput", ...}. Glue only: compiler/expr/evaluate_text.h and
// compiler/scope/entra_filter.h do the work.
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "compiler/expr/evaluate_text.h"
#include "compiler/scope/entra_filter.h"

namespace {

using nlohmann::json;

struct EvalArgs {
  std::string expression;
  std::string user_file;
  std::string user_json;
  std::string now;
  bool jsonl = false;
  bool json_output = false;
  bool cloud_sync = false;
  std::string diagnostics = "text";
};

std::chrono::sys_seconds system_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::function<std::uint64_t()> system_random() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return (*engine)(); };
}

// The clock for --now / "now": a fixed instant, or nullopt with a message.
std::optional<std::chrono::sys_seconds> fixed_now(const std::string& iso, std::string& error) {
  auto parsed = tf::expr::parse_general(iso);
  if (!parsed) {
    error = "'" + iso + "' is not a date; write an ISO 8601 instant such as 2021-08-25T17:41:18Z";
    return std::nullopt;
  }
  return tf::expr::to_sys_seconds(*parsed);
}

tf::expr::CheckOptions check_options(const EvalArgs& args) {
  tf::expr::CheckOptions options = tf::expr::sample_check_options();
  options.cloud_sync = args.cloud_sync;
  return options;
}

// The user's attributes from --user or --user-json; throws with a message.
tf::Attributes load_user(const EvalArgs& args) {
  if (args.user_file.empty() && args.user_json.empty()) return {};
  std::string text = args.user_json;
  std::string origin = "--user-json";
  if (!args.user_file.empty()) {
    std::ifstream in(args.user_file);
    if (!in) throw std::runtime_error("cannot read the user file '" + args.user_file + "'");
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    origin = "'" + args.user_file + "'";
  }
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) throw std::runtime_error(origin + " is not JSON; expected an object of attributes");
  auto attributes = tf::attributes_from_json(parsed);
  if (!attributes.error.empty()) throw std::runtime_error(origin + ": " + attributes.error);
  return std::move(attributes.attributes);
}

void print_value(const tf::expr::Value& value, bool as_json) {
  if (as_json) {
    std::cout << tf::expr::to_json(value).dump() << "\n";
    return;
  }
  using Type = tf::expr::Value::Type;
  if (value.type() == Type::Null) {
    std::cerr << "tenantform: note: the result is null: the target attribute would not be written\n";
  } else if (value.type() == Type::IgnoreFlow) {
    std::cerr << "tenantform: note: the result is ignore-flow: the target attribute is left out of the export\n";
  } else if (value.type() == Type::MultiValued || value.type() == Type::Complex) {
    for (std::string_view v : value.values()) std::cout << v << "\n";
  } else {
    std::cout << value.to_string() << "\n";
  }
}

int run_single(const EvalArgs& args) {
  if (args.expression.empty()) throw std::runtime_error("eval needs an expression, or --jsonl to read JSON lines");
  tf::expr::EvalContext context;
  tf::Attributes attributes = load_user(args);
  context.attributes = &attributes;
  context.random = system_random();
  context.now = system_now;
  if (!args.now.empty()) {
    std::string error;
    auto now = fixed_now(args.now, error);
    if (!now) throw std::runtime_error("--now: " + error);
    context.now = [t = *now] { return t; };
  }
  auto result = tf::expr::evaluate_text(tf::located_string_from(args.expression, "<expression>"), context,
                                        check_options(args));
  if (!result.diagnostics.empty())
    tf::cli::print_diagnostics(result.diagnostics, tf::cli::diagnostics_format(args.diagnostics));
  if (!result.ok()) return 1;
  print_value(*result.value, args.json_output);
  return 0;
}

json invalid_input(const std::string& message) { return json{{"error", "InvalidInput"}, {"message", message}}; }

json expression_line(const json& line, const EvalArgs& args) {
  if (!line["expression"].is_string()) return invalid_input("'expression' must be a string");
  auto attributes = tf::attributes_from_json(line.value("attributes", json::object()));
  if (!attributes.error.empty()) return invalid_input(attributes.error);
  std::vector<std::string> existing;
  if (line.contains("existingValues")) {
    const json& values = line["existingValues"];
    if (!values.is_array()) return invalid_input("'existingValues' must be an array of strings");
    for (const json& v : values) {
      if (!v.is_string()) return invalid_input("'existingValues' must be an array of strings");
      existing.push_back(v.get<std::string>());
    }
  }
  tf::expr::EvalContext context;
  context.attributes = &attributes.attributes;
  context.existing_values = &existing;
  context.random = system_random();
  context.now = system_now;
  if (line.contains("now")) {
    std::string error;
    auto now = line["now"].is_string() ? fixed_now(line["now"].get<std::string>(), error) : std::nullopt;
    if (!now) return invalid_input("'now': " + (error.empty() ? std::string("must be a string") : error));
    context.now = [t = *now] { return t; };
  }
  auto result = tf::expr::evaluate_text(
      tf::located_string_from(line["expression"].get<std::string>(), "<expression>"), context, check_options(args));
  if (!result.ok()) return json{{"error", result.error_category}, {"message", result.error_message}};
  return json{{"value", tf::expr::to_json(*result.value)}};
}

json filter_line(const json& line) {
  auto filter = tf::scope::filter_from_json(line["filter"]);
  if (!filter.error.empty()) return invalid_input("'filter': " + filter.error);
  auto attributes = tf::attributes_from_json(line.value("attributes", json::object()));
  if (!attributes.error.empty()) return invalid_input(attributes.error);
  return json{{"inScope", tf::scope::in_scope(filter.filter, attributes.attributes)}};
}

json answer_line(const std::string& text, const EvalArgs& args) {
  json line = json::parse(text, nullptr, false);
  if (line.is_discarded()) return invalid_input("the line is not JSON");
  if (!line.is_object()) return invalid_input("expected a JSON object, found " + std::string(line.type_name()));
  if (line.contains("attributes") && !line["attributes"].is_object())
    return invalid_input("'attributes' must be an object");
  try {
    if (line.contains("expression")) return expression_line(line, args);
    if (line.contains("filter")) return filter_line(line);
  } catch (const std::exception& e) {
    return invalid_input(e.what());
  }
  return invalid_input("expected a key 'expression' or 'filter'");
}

int run_jsonl(const EvalArgs& args) {
  std::string text;
  while (std::getline(std::cin, text)) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    std::cout << answer_line(text, args).dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  }
  return 0;
}

const tf::cli::CommandRegistrar registrar{"eval", [](CLI::App& app) -> tf::cli::Run {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* command = app.add_subcommand("eval", "evaluate a mapping expression on a sample user");
  command->add_option("expression", args->expression, "the expression, e.g. 'Join(\" \", [givenName], [surname])'");
  auto* user = command->add_option("--user", args->user_file, "JSON file of the user's attributes");
  auto* user_json = command->add_option("--user-json", args->user_json, "the user's attributes as inline JSON");
  user->excludes(user_json);
  command->add_option("--now", args->now, "the instant Now() returns (ISO 8601, UTC unless an offset is given)");
  command->add_flag("--jsonl", args->jsonl, "read JSON lines (vector format) from stdin, write one result per line");
  command->add_flag("--json", args->json_output, "print the result as JSON (string, array, null or ignoreFlow)");
  command->add_flag("--cloud-sync", args->cloud_sync, "allow the cloud-sync functions (Trim, Error, ...)");
  command->add_option("--diagnostics", args->diagnostics, "diagnostics format")->check(CLI::IsMember({"text", "json"}));
  return [args]() { return args->jsonl ? run_jsonl(*args) : run_single(*args); };
}};

}  // namespace
