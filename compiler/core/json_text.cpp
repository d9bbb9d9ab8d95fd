// dump()'s bytes without dump() (json_text.h).
#include "compiler/core/json_text.h"

#include <algorithm>
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

namespace {

// A SAX handler that builds the DOM through nlohmann's own builder, except for the
// values of left-out members, whose events it only counts until the value ends.
class LeavingOut {
 public:
  using Dom = nlohmann::detail::json_sax_dom_parser<json>;
  LeavingOut(json& result, const std::vector<std::string>& where, const std::vector<std::string>& members)
      : dom_(result, false), where_(where), members_(members) {}

  bool null() { return value([&] { return dom_.null(); }); }
  bool boolean(bool v) { return value([&] { return dom_.boolean(v); }); }
  bool number_integer(json::number_integer_t v) { return value([&] { return dom_.number_integer(v); }); }
  bool number_unsigned(json::number_unsigned_t v) { return value([&] { return dom_.number_unsigned(v); }); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return value([&] { return dom_.number_float(v, s); }); }
  bool string(json::string_t& v) { return value([&] { return dom_.string(v); }); }
  bool binary(json::binary_t& v) { return value([&] { return dom_.binary(v); }); }

  bool start_object(std::size_t n) { return open(true, [&] { return dom_.start_object(n); }); }
  bool start_array(std::size_t n) { return open(false, [&] { return dom_.start_array(n); }); }
  bool end_object() { return close([&] { return dom_.end_object(); }); }
  bool end_array() { return close([&] { return dom_.end_array(); }); }

  bool key(json::string_t& k) {
    if (skipping_) return true;
    Frame& top = frames_.back();
    if (top.at_where && std::find(members_.begin(), members_.end(), k) != members_.end()) {
      skipping_ = 1;  // the next value is left out; 1 until it opens, 0 once it ends
      skip_depth_ = 0;
      return true;
    }
    if (top.on_path && frames_.size() <= where_.size()) top.key = k;  // only keys on the path are compared
    return dom_.key(k);
  }

  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    return dom_.parse_error(position, token, e);
  }
  bool is_errored() const { return dom_.is_errored(); }

 private:
  struct Frame {
    bool object = false;
    bool on_path = false;   // its path from the root follows `where` so far
    bool at_where = false;  // it is an object exactly at `where`
    std::string key;        // its last key (objects on the path only)
  };

  template <typename F>
  bool value(F build) {
    if (skipping_) {
      if (skip_depth_ == 0) skipping_ = 0;  // a scalar member value: skipped whole
      return true;
    }
    return build();
  }

  template <typename F>
  bool open(bool object, F build) {
    if (skipping_) {
      ++skip_depth_;
      return true;
    }
    Frame frame;
    frame.object = object;
    if (frames_.empty()) {
      frame.on_path = true;
    } else {
      const Frame& parent = frames_.back();
      std::size_t depth = frames_.size() - 1;  // the parent's depth
      if (parent.on_path && depth < where_.size())
        frame.on_path = where_[depth] == "*" ? !parent.object : parent.object && parent.key == where_[depth];
    }
    frame.at_where = frame.on_path && object && frames_.size() == where_.size();
    frames_.push_back(std::move(frame));
    return build();
  }

  template <typename F>
  bool close(F build) {
    if (skipping_) {
      if (--skip_depth_ == 0) skipping_ = 0;
      return true;
    }
    frames_.pop_back();
    return build();
  }

  Dom dom_;
  const std::vector<std::string>& where_;
  const std::vector<std::string>& members_;
  std::vector<Frame> frames_;
  int skipping_ = 0;
  int skip_depth_ = 0;
};

}  // namespace

json parse_json_leaving_out(std::string_view text, const std::vector<std::string>& where,
                            const std::vector<std::string>& members) {
  json result;
  LeavingOut handler(result, where, members);
  bool ok = json::sax_parse(text, &handler, json::input_format_t::json, true, false);
  if (!ok || handler.is_errored()) return json(json::value_t::discarded);
  return result;
}

}  // namespace tf
