// JSON text exactly as nlohmann::json::dump() writes it (compact: no spaces, object
// keys in their std::map order, UTF-8 unescaped, '"', '\' and control characters as
// \" \\ \b \t \n \f \r or \u00xx), appended to a caller's buffer. For text written in
// bulk: the version hashes of observed objects (a sync schema is ~17 KB) and the
// emulator's answers. dump() decodes every byte of every string as UTF-8 and returns
// a fresh string; this copies strings in runs between the bytes that need escapes and
// leaves only floating-point (and binary) values to dump(), whose bytes they are.
// Promises: append_json(out, v) appends v.dump() for every v whose strings are valid
// UTF-8; it never throws: a string with invalid UTF-8 (which dump() refuses) is
// copied byte for byte.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tf {

void append_json(std::string& out, const nlohmann::json& value);

// An object with only the members whose key `keep` accepts, as dump() writes that
// reduced copy, without making it. Not an object: append_json(out, value).
void append_json_members(std::string& out, const nlohmann::json& value,
                         const std::function<bool(const std::string&)>& keep);

// A JSON string literal: `text` in quotes, escaped as above.
void append_json_string(std::string& out, std::string_view text);

// Parses `text` as json::parse(text, nullptr, false) does, but leaves out the members
// named in `members` of the objects at `where` (a path of keys from the root, "*"
// for every element of an array; empty: the root object) without building them: for
// answers whose large parts are never read (a sync schema's `directories` are two
// thirds of it). Only objects exactly at `where` lose members; the same key elsewhere
// is kept. The text is checked in full, left-out parts included: anything that is
// not JSON gives a discarded value, as json::parse does.
//   parse_json_leaving_out(batch, {"responses", "*", "body"}, {"directories"})
nlohmann::json parse_json_leaving_out(std::string_view text, const std::vector<std::string>& where,
                                      const std::vector<std::string>& members);

}  // namespace tf
