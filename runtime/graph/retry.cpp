// Retry classification, Retry-After parsing and jittered backoff.
#include "runtime/graph/retry.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace tf::graph {

Idempotency default_idempotency(const std::string& method) {
  return method == "POST" ? Idempotency::NonIdempotent : Idempotency::Idempotent;
}

bool is_retryable(const HttpResponse& response) {
  switch (response.error) {
    case TransportError::NotSent:
    case TransportError::Timeout:
    case TransportError::Interrupted: return true;
    case TransportError::Refused:
    case TransportError::Other: return false;
    case TransportError::None: break;
  }
  return response.status == 429 || response.status == 503 || response.status == 504;
}

bool certainly_not_processed(const HttpResponse& response) {
  return response.error == TransportError::NotSent ||
         (response.error == TransportError::None && response.status == 429);
}

namespace {

std::optional<Millis> parse_seconds(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return Millis{std::stoll(text) * 1000};
}

// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
std::optional<WallTime> parse_http_date(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

std::string trimmed(const std::string& text) {
  std::size_t b = text.find_first_not_of(" \t");
  std::size_t e = text.find_last_not_of(" \t");
  return b == std::string::npos ? std::string{} : text.substr(b, e - b + 1);
}

}  // namespace

std::optional<Millis> parse_retry_after(const std::string& value, WallTime now) {
  std::string text = trimmed(value);
  if (auto seconds = parse_seconds(text)) return seconds;
  if (auto date = parse_http_date(text))
    return std::max(Millis{0}, std::chrono::duration_cast<Millis>(*date - now));
  return std::nullopt;
}

Backoff::Backoff(RetryPolicy policy) : policy_(policy) {
  random_.seed(policy.jitter_seed != 0 ? policy.jitter_seed : std::random_device{}());
}

Millis Backoff::jittered(int attempt) {
  long long base = std::max<long long>(1, policy_.base_delay.count());
  long long cap = std::max<long long>(base, policy_.max_delay.count());
  long long d = base;
  for (int i = 1; i < attempt && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  std::uniform_int_distribution<long long> half(0, d / 2);
  return Millis{d - d / 2 + half(random_)};
}

Millis Backoff::wait_after(const HttpResponse& response, int attempt, WallTime now) {
  if (std::optional<Millis> after = parse_retry_after(response.header("retry-after"), now)) return *after;
  return jittered(attempt);
}

}  // namespace tf::graph
