// libFuzzer target for compiler/core's JSON text helpers (json_text.h): any input is
// parsed with parse_json_leaving_out at a batch answer's item bodies and at the root,
// and must agree with json::parse: discarded exactly when json::parse discards it, and
// otherwise equal to json::parse's value with the left-out members erased where they
// sit. What parses is written back with append_json, which must give dump()'s bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/core/json_text.h"

namespace {

using nlohmann::json;

void check(bool condition) {
  if (!condition) std::abort();
}

// json::parse's value with `members` erased from the objects at `where` ("*": every element).
void erase_at(json& value, const std::vector<std::string>& where, std::size_t depth,
              const std::vector<std::string>& members) {
  if (depth == where.size()) {
    if (value.is_object())
      for (const std::string& m : members) value.erase(m);
    return;
  }
  if (where[depth] == "*") {
    if (value.is_array())
      for (json& item : value) erase_at(item, where, depth + 1, members);
  } else if (value.is_object()) {
    auto it = value.find(where[depth]);
    if (it != value.end()) erase_at(*it, where, depth + 1, members);
  }
}

void agree(std::string_view text, const std::vector<std::string>& where,
           const std::vector<std::string>& members) {
  json expected = json::parse(text, nullptr, false);
  json got = tf::parse_json_leaving_out(text, where, members);
  check(got.is_discarded() == expected.is_discarded());
  if (expected.is_discarded()) return;
  erase_at(expected, where, 0, members);
  check(got == expected);
  std::string written;
  tf::append_json(written, got);
  check(written == got.dump());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  agree(text, {"responses", "*", "body"}, {"directories"});
  agree(text, {}, {"a", "b"});
  agree(text, {"*"}, {"x"});
  return 0;
}
