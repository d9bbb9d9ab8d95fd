// GUIDs, tokens and timestamps (see ids.h).
#include "runtime/emulator/ids.h"

#include "runtime/emulator/client_assertion.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace tf::emulator {

namespace {

void fill_random(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("no randomness available");
}


}  // namespace

std::string new_guid() {
  std::array<unsigned char, 16> b{};
  fill_random(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return text;
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  fill_random(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  return base64url_encode(raw);
}


std::string iso_time(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string iso_time_precise(std::chrono::system_clock::time_point when) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(when);
  auto ticks = std::chrono::duration_cast<std::chrono::nanoseconds>(when - seconds).count() / 100;
  std::string whole = iso_time(seconds);
  char fraction[32];
  std::snprintf(fraction, sizeof fraction, ".%07lld", static_cast<long long>(ticks % 10000000));
  return whole.substr(0, whole.size() - 1) + fraction + "Z";
}

std::string now_iso() { return iso_time_precise(std::chrono::system_clock::now()); }

bool looks_like_guid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace tf::emulator
