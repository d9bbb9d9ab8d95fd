// Time behind a tiny interface, so retry schedules and token lifetimes can be
// tested without waiting: the real clock sleeps; a test clock only advances.
// Promises: now() never goes backwards; wall_now() is the calendar time used for
// Retry-After dates and JWT claims.
#pragma once

#include <chrono>
#include <memory>

namespace tf::graph {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;
  virtual WallTime wall_now() const = 0;
  virtual void sleep_for(Millis duration) = 0;
};

// The process clocks; sleep_for really sleeps.
class SystemClock : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
  void sleep_for(Millis duration) override;
};

// A clock for tests: starts at a fixed wall time, advances only through
// sleep_for or advance(), and remembers every sleep it was asked for.
class ManualClock : public Clock {
 public:
  explicit ManualClock(WallTime start = WallTime{std::chrono::seconds{1'700'000'000}}) : wall_(start) {}
  SteadyTime now() const override { return SteadyTime{} + elapsed_; }
  WallTime wall_now() const override { return wall_ + elapsed_; }
  void sleep_for(Millis duration) override;
  void advance(Millis duration) { elapsed_ += duration; }
  Millis total_slept() const { return slept_; }
  std::size_t sleep_count() const { return sleeps_; }

 private:
  WallTime wall_;
  Millis elapsed_{0};
  Millis slept_{0};
  std::size_t sleeps_ = 0;
};

}  // namespace tf::graph
