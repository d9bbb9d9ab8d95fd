// Fault injection for Graph routes (the token endpoint and /_emulator/ are exempt;
// token requests only take the fixed latency, as a sign-in is a round trip too):
// a fixed latency plus uniform jitter, and per request, with the given probabilities,
// a 429 with Retry-After, a 503, or a dropped connection. Faults are decided before
// the request is dispatched, so a faulted request never changes state. Draws come
// from one seeded generator (--fault-seed) so a run can be repeated; with concurrent
// requests the order of draws follows arrival order.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace tf::emulator {

struct FaultSettings {
  int latency_ms = 0;
  int jitter_ms = 0;
  double throttle = 0;     // 429
  double unavailable = 0;  // 503
  double reset = 0;        // dropped connection
  int retry_after_seconds = 1;
};

// "20ms", "1.5s", "250" (milliseconds) -> milliseconds; throws std::invalid_argument.
int parse_duration_ms(const std::string& text);
// "429=0.1,503=0.05,reset=0.01" applied onto `settings`; throws std::invalid_argument
// naming the bad item.
void apply_fault_spec(const std::string& spec, FaultSettings& settings);
// {"clear": true} | {"latency": "20ms"|20, "jitter": ..., "faults": "429=0.1", "429": 0.1,
//  "503": 0.05, "reset": 0.01, "retry_after": 2, "seed": 7}; throws std::invalid_argument.
FaultSettings settings_from_json(const nlohmann::json& body, const FaultSettings& current);
nlohmann::json settings_to_json(const FaultSettings& settings);

enum class Fault { None, Throttle, Unavailable, Reset };

class FaultInjector {
 public:
  explicit FaultInjector(FaultSettings settings = {}, std::uint64_t seed = 0);

  void configure(const FaultSettings& settings, std::optional<std::uint64_t> seed = std::nullopt);
  FaultSettings settings() const;

  struct Decision {
    std::chrono::milliseconds delay{0};
    Fault fault = Fault::None;
    int retry_after_seconds = 1;
  };
  Decision decide();

 private:
  mutable std::mutex mutex_;
  FaultSettings settings_;
  std::mt19937_64 random_;
};

}  // namespace tf::emulator
