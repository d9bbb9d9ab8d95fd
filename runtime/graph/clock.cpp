// The real and the manual clock.
#include "runtime/graph/clock.h"

#include <thread>

namespace tf::graph {

void SystemClock::sleep_for(Millis duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

void ManualClock::sleep_for(Millis duration) {
  if (duration.count() <= 0) return;
  elapsed_ += duration;
  slept_ += duration;
  ++sleeps_;
}

}  // namespace tf::graph
