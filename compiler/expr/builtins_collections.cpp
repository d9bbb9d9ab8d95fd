// The collection and generator family (shared/reference/expressions.md §5): Count,
// Item (1-based), RemoveDuplicates, Split, the app-role functions, SelectUniqueValue
// (against EvalContext::existing_values), Guid and RandomString (from the injected
// random source).
#include <algorithm>
#include <array>

#include "compiler/expr/eval_machine.h"
#include "compiler/expr/unicode_text.h"

namespace tf::expr {

namespace {

// Special characters of the Windows password-complexity list.
constexpr std::string_view kSpecials = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::int64_t kMaxRandomLength = 256;

Value count(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  return Value::integer(static_cast<std::int64_t>(value.value_count()));
}

Value item(Machine& m, const Node& node, const Call& call) {
  Value value = m.arg(call, 0);
  auto index = m.integer_arg(node, call, 1);
  if (!index || value.is_null()) return {};
  std::vector<std::string_view> values = value.values();
  if (values.empty() && value.type() != Value::Type::MultiValued) values.push_back(value.to_string());
  if (*index < 1 || static_cast<std::size_t>(*index) > values.size())
    return m.fail(Machine::slot_node(call, 1, node), "'Item' index " + std::to_string(*index) +
                                                         " is out of range; the index is 1-based and the value has " +
                                                         std::to_string(values.size()) + " values");
  return Value::string(std::string(values[static_cast<std::size_t>(*index - 1)]));
}

std::vector<std::string> owned_values(const Value& value) {
  std::vector<std::string> out;
  for (std::string_view v : value.values()) out.emplace_back(v);
  return out;
}

Value remove_duplicates(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  std::vector<std::string> out;
  for (std::string_view v : value.values())
    if (std::find(out.begin(), out.end(), v) == out.end()) out.emplace_back(v);
  return Value::list(std::move(out));
}

Value split(Machine& m, const Node&, const Call& call) {
  Value source = m.arg(call, 0);
  Value delimiter = m.arg(call, 1);
  if (m.stopped()) return {};
  std::string s1, s2;
  auto text = source.text(s1);
  if (!text) return {};
  std::string_view sep = Machine::has_arg(call, 1) ? delimiter.text(s2).value_or(std::string_view()) : ",";
  std::vector<std::string> out;
  if (sep.empty()) {
    out.emplace_back(*text);
    return Value::list(std::move(out));
  }
  std::size_t last = 0;
  for (std::size_t at = text->find(sep); at != std::string_view::npos; at = text->find(sep, last)) {
    out.emplace_back(text->substr(last, at - last));
    last = at + sep.size();
  }
  out.emplace_back(text->substr(last));
  return Value::list(std::move(out));
}

Value single_app_role(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return {};
  std::string scratch;
  auto first = value.text(scratch);
  return first ? Value::string(std::string(*first)) : Value();
}

Value app_roles(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  return Value::list(owned_values(value));
}

Value app_roles_complex(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  return Value::complex(owned_values(value));
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

bool exists(const EvalContext& context, std::string_view candidate) {
  if (context.existing_values == nullptr) return false;
  return std::any_of(context.existing_values->begin(), context.existing_values->end(),
                     [&](const std::string& v) { return ascii_iequals(v, candidate); });
}

Value select_unique_value(Machine& m, const Node& node, const Call& call) {
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    Value candidate = m.arg(call, i);
    if (m.stopped()) return {};
    std::string scratch;
    auto text = candidate.text(scratch);
    if (text && !text->empty() && !exists(m.context(), *text)) return candidate;
  }
  return m.fail(node, "every value 'SelectUniqueValue' generated already exists in the target; Entra escrows the "
                      "object until a rule yields a free value");
}

std::uint64_t draw(Machine& m, std::uint64_t bound) { return bound == 0 ? 0 : m.context().random() % bound; }

Value guid(Machine& m, const Node& node, const Call&) {
  if (!m.context().random) return m.fail(node, "'Guid' needs a random source, and this evaluation was given none");
  std::array<unsigned char, 16> bytes{};
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t r = m.context().random();
    for (std::size_t i = 0; i < 8; ++i) bytes[half * 8 + i] = static_cast<unsigned char>(r >> (8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return Value::string(std::move(out));
}

std::string without(std::string_view chars, std::string_view avoid) {
  std::string out;
  for (char c : chars)
    if (avoid.find(c) == std::string_view::npos) out += c;
  return out;
}

Value random_string(Machine& m, const Node& node, const Call& call) {
  std::array<std::int64_t, 5> n{};  // length, numbers, special, capital, lower
  for (std::size_t i = 0; i < n.size(); ++i) {
    auto v = m.integer_arg(node, call, i);
    if (!v) return {};
    if (*v < 0 || *v > kMaxRandomLength)
      return m.fail(Machine::slot_node(call, i, node), "'" + Machine::param_name(call, i) + "' of 'RandomString' must be between 0 and 256, found " + std::to_string(*v));
    n[i] = *v;
  }
  Value avoid_value = m.arg(call, 5);
  if (m.stopped()) return {};
  if (!m.context().random)
    return m.fail(node, "'RandomString' needs a random source, and this evaluation was given none");
  if (n[1] + n[2] + n[3] + n[4] > n[0])
    return m.fail(node, "'RandomString' length " + std::to_string(n[0]) + " is less than the sum of the minimums");
  std::string avoid = avoid_value.to_string();
  std::array<std::string, 4> classes = {without(kDigits, avoid), without(kSpecials, avoid), without(kUpper, avoid),
                                        without(kLower, avoid)};
  std::string out, pool;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (n[c + 1] > 0 && classes[c].empty())
      return m.fail(node, "'RandomString' cannot meet a minimum: 'charactersToAvoid' removes a whole class");
    for (std::int64_t k = 0; k < n[c + 1]; ++k) out += classes[c][draw(m, classes[c].size())];
    if (n[c + 1] > 0) pool += classes[c];
  }
  if (pool.empty())
    for (const std::string& c : classes) pool += c;
  if (pool.empty() && static_cast<std::int64_t>(out.size()) < n[0])
    return m.fail(node, "'RandomString' has no characters left after 'charactersToAvoid'");
  while (static_cast<std::int64_t>(out.size()) < n[0]) out += pool[draw(m, pool.size())];
  for (std::size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[draw(m, i)]);
  return Value::string(std::move(out));
}

}  // namespace

Builtin collection_builtin(FunctionId id) {
  switch (id) {
    case FunctionId::Count: return count;
    case FunctionId::Item: return item;
    case FunctionId::RemoveDuplicates: return remove_duplicates;
    case FunctionId::Split: return split;
    case FunctionId::SingleAppRoleAssignment: return single_app_role;
    case FunctionId::AppRoleAssignments: return app_roles;
    case FunctionId::AppRoleAssignmentsComplex:
    case FunctionId::AssertiveAppRoleAssignmentsComplex: return app_roles_complex;
    case FunctionId::SelectUniqueValue: return select_unique_value;
    case FunctionId::Guid: return guid;
    case FunctionId::RandomString: return random_string;
    default: return nullptr;
  }
}

}  // namespace tf::expr
