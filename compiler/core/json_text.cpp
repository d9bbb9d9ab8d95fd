// dump()'s bytes without dump() (json_text.h).
#include "compiler/core/json_text.h"

#include <array>
#include <charconv>
#include <cstdint>

namespace tf {

namespace {

using nlohmann::json;

// The escape dump() writes for each byte, empty for the bytes it copies.
const std::array<std::string, 256>& escapes() {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> t{};
    const char* hex = "0123456789abcdef";
    for (int c = 0; c < 0x20; ++c) t[c] = std::string("\\u00") + hex[c >> 4] + hex[c & 0xF];
    t['\b'] = "\\b";
    t['\t'] = "\\t";
    t['\n'] = "\\n";
    t['\f'] = "\\f";
    t['\r'] = "\\r";
    t['"'] = "\\\"";
    t['\\'] = "\\\\";
    return t;
  }();
  return table;
}

template <typename Number>
void append_integer(std::string& out, Number number) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, end);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const std::array<std::string, 256>& escape = escapes();
  out += '"';
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string& e = escape[static_cast<unsigned char>(text[i])];
    if (e.empty()) continue;
    out.append(text, start, i - start);
    out += e;
    start = i + 1;
  }
  out.append(text, start, std::string_view::npos);
  out += '"';
}

void append_json_members(std::string& out, const json& value, const std::function<bool(const std::string&)>& keep) {
  if (!value.is_object()) return append_json(out, value);
  out += '{';
  bool first = true;
  for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
    if (keep && !keep(key)) continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, key);
    out += ':';
    append_json(out, member);
  }
  out += '}';
}

void append_json(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::object: return append_json_members(out, value, nullptr);
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const json& item : value.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      return;
    }
    case json::value_t::string: return append_json_string(out, value.get_ref<const std::string&>());
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case json::value_t::null: out += "null"; return;
    case json::value_t::number_integer: return append_integer(out, value.get<std::int64_t>());
    case json::value_t::number_unsigned: return append_integer(out, value.get<std::uint64_t>());
    default: out += value.dump(); return;  // floating point, binary, discarded
  }
}

}  // namespace tf
