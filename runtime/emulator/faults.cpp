// Latency, throttling and failure injection (see faults.h).
#include "runtime/emulator/faults.h"

#include <stdexcept>

namespace tf::emulator {

namespace {

double probability(const std::string& text, const std::string& key) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value < 0 || value > 1)
    throw std::invalid_argument("the fault rate of '" + key + "' must be a number between 0 and 1, found '" + text + "'");
  return value;
}

void set_rate(FaultSettings& settings, const std::string& key, double value) {
  if (key == "429") settings.throttle = value;
  else if (key == "503") settings.unavailable = value;
  else if (key == "reset") settings.reset = value;
  else throw std::invalid_argument("unknown fault '" + key + "'; expected 429, 503 or reset");
}

int duration_of(const nlohmann::json& value) {
  if (value.is_number()) return static_cast<int>(value.get<double>());
  if (value.is_string()) return parse_duration_ms(value.get<std::string>());
  throw std::invalid_argument("a duration must be a number of milliseconds or a text such as '20ms'");
}

}  // namespace

int parse_duration_ms(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + text + "' is not a duration; expected e.g. '20ms' or '1s'");
  }
  std::string unit = text.substr(used);
  if (value < 0 || (unit != "" && unit != "ms" && unit != "s"))
    throw std::invalid_argument("'" + text + "' is not a duration; expected e.g. '20ms' or '1s'");
  return static_cast<int>(unit == "s" ? value * 1000 : value);
}

void apply_fault_spec(const std::string& spec, FaultSettings& settings) {
  std::size_t start = 0;
  while (start < spec.size()) {
    std::size_t comma = spec.find(',', start);
    std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t eq = item.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("the fault '" + item + "' needs a rate, e.g. '429=0.1'");
    std::string key = item.substr(0, eq);
    set_rate(settings, key, probability(item.substr(eq + 1), key));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

FaultSettings settings_from_json(const nlohmann::json& body, const FaultSettings& current) {
  if (!body.is_object()) throw std::invalid_argument("the fault settings must be a JSON object");
  if (body.value("clear", false)) return FaultSettings{};
  FaultSettings settings = current;
  for (const auto& [key, value] : body.items()) {
    if (key == "latency" || key == "latency_ms") settings.latency_ms = duration_of(value);
    else if (key == "jitter" || key == "jitter_ms") settings.jitter_ms = duration_of(value);
    else if (key == "faults") apply_fault_spec(value.get<std::string>(), settings);
    else if (key == "retry_after") settings.retry_after_seconds = value.get<int>();
    else if (key == "seed" || key == "clear") continue;
    else if (value.is_number()) set_rate(settings, key, probability(std::to_string(value.get<double>()), key));
    else throw std::invalid_argument("unknown fault setting '" + key + "'");
  }
  return settings;
}

nlohmann::json settings_to_json(const FaultSettings& s) {
  return {{"latency_ms", s.latency_ms}, {"jitter_ms", s.jitter_ms}, {"429", s.throttle}, {"503", s.unavailable},
          {"reset", s.reset}, {"retry_after", s.retry_after_seconds}};
}

FaultInjector::FaultInjector(FaultSettings settings, std::uint64_t seed) : settings_(settings), random_(seed) {}

void FaultInjector::configure(const FaultSettings& settings, std::optional<std::uint64_t> seed) {
  std::lock_guard<std::mutex> guard(mutex_);
  settings_ = settings;
  if (seed) random_.seed(*seed);
}

FaultSettings FaultInjector::settings() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return settings_;
}

FaultInjector::Decision FaultInjector::decide() {
  std::lock_guard<std::mutex> guard(mutex_);
  Decision decision;
  decision.retry_after_seconds = settings_.retry_after_seconds;
  int jitter = 0;
  if (settings_.jitter_ms > 0) jitter = std::uniform_int_distribution<int>(-settings_.jitter_ms, settings_.jitter_ms)(random_);
  decision.delay = std::chrono::milliseconds(std::max(0, settings_.latency_ms + jitter));
  double draw = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  if (draw < settings_.throttle) decision.fault = Fault::Throttle;
  else if (draw < settings_.throttle + settings_.unavailable) decision.fault = Fault::Unavailable;
  else if (draw < settings_.throttle + settings_.unavailable + settings_.reset) decision.fault = Fault::Reset;
  return decision;
}

}  // namespace tf::emulator
