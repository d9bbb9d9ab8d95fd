// Identifiers and clock text for the emulator: fresh GUIDs, opaque random tokens
// and ISO 8601 UTC timestamps as Graph writes them. Randomness comes from OpenSSL,
// so two emulators never hand out the same id or token.
#pragma once

#include <chrono>
#include <string>

#include "compiler/core/sha256.h"

namespace tf::emulator {

// A lower-case random (version 4) GUID.
std::string new_guid();
// `bytes` random bytes as base64url text without padding.
std::string random_token(std::size_t bytes);
// Lower-case hex of the SHA-256 of `text`.
using tf::sha256_hex;  // compiler/core/sha256.h

// "2026-11-22T08:05:00Z" (whole seconds) and "2026-11-22T08:05:00.1234567Z" (Graph's 7 digits).
std::string iso_time(std::chrono::system_clock::time_point when);
std::string iso_time_precise(std::chrono::system_clock::time_point when);
std::string now_iso();
// Graph's "never" timestamp.
inline constexpr const char* kNeverTime = "0001-01-01T00:00:00Z";

// True for the 8-4-4-4-12 hex form (any case).
bool looks_like_guid(const std::string& text);

}  // namespace tf::emulator
