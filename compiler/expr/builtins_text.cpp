// The text family (shared/reference/expressions.md §5): Append, Join, Left, Mid,
// Word, InStr, Replace (its five modes, .NET regex), PCase, ToLower, ToUpper,
// NormalizeDiacritics, StripSpaces, CStr, ConvertToBase64, ConvertToUTF8Hex, and the
// §6 extras Prepend, Trim, ConvertFromBase64, DNComponent, StringFromSid. Positions
// and lengths count code points. A null source gives null unless §5 says otherwise
// (Left and Word give "", Join skips it, InStr gives 0).
#include <algorithm>

#include "compiler/core/regex.h"
#include "compiler/expr/eval_machine.h"
#include "compiler/expr/unicode_text.h"

namespace tf::expr {

namespace {

// Applies `f` to the text of slot 0; null stays null.
template <typename F>
Value map_source(Machine& m, const Call& call, F f) {
  Value source = m.arg(call, 0);
  if (m.stopped()) return {};
  std::string scratch;
  auto text = source.text(scratch);
  if (!text) return {};
  return f(*text);
}

Value append(Machine& m, const Node&, const Call& call) {
  Value source = m.arg(call, 0);
  Value suffix = m.arg(call, 1);
  if (m.stopped()) return {};
  std::string s1, s2;
  auto a = source.text(s1);
  if (!a) return {};
  auto b = suffix.text(s2);
  if (!b || b->empty()) return source;
  std::string out;
  out.reserve(a->size() + b->size());
  out.append(*a).append(*b);
  return Value::string(std::move(out));
}

Value prepend(Machine& m, const Node&, const Call& call) {
  Value prefix = m.arg(call, 0);
  Value source = m.arg(call, 1);
  if (m.stopped()) return {};
  std::string s1, s2;
  auto b = source.text(s2);
  if (!b) return {};
  auto a = prefix.text(s1);
  return Value::string(std::string(a.value_or("")) + std::string(*b));
}

void join_one(std::string& out, bool& first, std::string_view separator, std::string_view text) {
  if (text.empty()) return;
  if (!first) out.append(separator);
  out.append(text);
  first = false;
}

Value join(Machine& m, const Node&, const Call& call) {
  Value separator = m.arg(call, 0);
  if (m.stopped()) return {};
  std::string sep_scratch;
  std::string_view sep = separator.text(sep_scratch).value_or(std::string_view());
  std::string out;
  bool first = true;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    Value source = m.arg(call, i);
    if (m.stopped()) return {};
    if (source.type() == Value::Type::MultiValued || source.type() == Value::Type::Complex) {
      for (std::string_view v : source.values()) join_one(out, first, sep, v);
      continue;
    }
    std::string scratch;
    if (auto text = source.text(scratch)) join_one(out, first, sep, *text);
  }
  return Value::string(std::move(out));
}

Value left(Machine& m, const Node& node, const Call& call) {
  Value source = m.arg(call, 0);
  auto count = m.integer_arg(node, call, 1);
  if (!count) return {};
  std::string scratch;
  auto text = source.text(scratch);
  if (!text || *count == 0) return Value::string({});
  if (*count < 0) return Value::string(std::string(*text));
  return Value::string(std::string(text->substr(0, text::byte_offset(*text, static_cast<std::size_t>(*count)))));
}

Value mid(Machine& m, const Node& node, const Call& call) {
  Value source = m.arg(call, 0);
  auto start = m.integer_arg(node, call, 1);
  if (!start) return {};
  auto length = m.integer_arg(node, call, 2);
  if (!length) return {};
  if (*start < 1)
    return m.fail(Machine::slot_node(call, 1, node),
                  "'start' of 'Mid' is 1-based and must be at least 1, found " + std::to_string(*start));
  if (*length < 0)
    return m.fail(Machine::slot_node(call, 2, node),
                  "'length' of 'Mid' must not be negative, found " + std::to_string(*length));
  std::string scratch;
  auto text = source.text(scratch);
  if (!text) return {};
  std::size_t from = text::byte_offset(*text, static_cast<std::size_t>(*start - 1));
  std::string_view rest = text->substr(from);
  return Value::string(std::string(rest.substr(0, text::byte_offset(rest, static_cast<std::size_t>(*length)))));
}

Value word(Machine& m, const Node& node, const Call& call) {
  Value source = m.arg(call, 0);
  auto number = m.integer_arg(node, call, 1);
  if (!number) return {};
  Value delimiters = m.arg(call, 2);
  if (m.stopped()) return {};
  std::string s1, s2;
  auto text = source.text(s1);
  if (!text || *number < 1) return Value::string({});
  std::u32string delims = text::decode_utf8(delimiters.text(s2).value_or(std::string_view()));
  std::int64_t index = 0;
  std::string current;
  std::u32string chars = text::decode_utf8(*text);
  for (std::size_t i = 0; i <= chars.size(); ++i) {
    bool end = i == chars.size() || delims.find(chars[i]) != std::u32string::npos;
    if (!end) {
      text::append_utf8(current, chars[i]);
      continue;
    }
    if (current.empty()) continue;
    if (++index == *number) return Value::string(std::move(current));
    current.clear();
  }
  return Value::string({});
}

// InStr's compareType: true for vbTextCompare (case-insensitive).
std::optional<bool> text_compare(Machine& m, const Node& node, const Call& call) {
  if (!Machine::has_arg(call, 3)) return false;
  const Node& slot = *call.args[3];
  std::string name;
  if (const auto* bare = std::get_if<BareWord>(&slot.value)) {
    name = bare->name;
  } else {
    Value v = m.arg(call, 3);
    if (m.stopped()) return std::nullopt;
    name = v.to_string();
  }
  if (name == "vbBinaryCompare" || name == "0") return false;
  if (name == "vbTextCompare" || name == "1") return true;
  m.fail(Machine::slot_node(call, 3, node),
         "'compareType' of 'InStr' must be vbBinaryCompare or vbTextCompare, found '" + name + "'", "TypeError");
  return std::nullopt;
}

Value in_str(Machine& m, const Node& node, const Call& call) {
  Value haystack = m.arg(call, 0);
  Value needle = m.arg(call, 1);
  std::int64_t start = 1;
  if (Machine::has_arg(call, 2)) {
    auto s = m.integer_arg(node, call, 2);
    if (!s) return {};
    start = *s;
  }
  auto ignore_case = text_compare(m, node, call);
  if (!ignore_case || m.stopped()) return {};
  if (start < 1)
    return m.fail(Machine::slot_node(call, 2, node),
                  "'start' of 'InStr' is 1-based and must be at least 1, found " + std::to_string(start));
  std::string s1, s2;
  std::string_view h = haystack.text(s1).value_or(std::string_view());
  std::string_view n = needle.text(s2).value_or(std::string_view());
  auto length = static_cast<std::int64_t>(text::code_point_count(h));
  if (h.empty() || start > length) return Value::integer(0);
  if (n.empty()) return Value::integer(start);
  auto at = text::find_code_points(h, n, static_cast<std::size_t>(start - 1), *ignore_case);
  return Value::integer(at ? static_cast<std::int64_t>(*at) + 1 : 0);
}

std::string replace_all(std::string_view source, std::string_view find, std::string_view with) {
  std::string out;
  if (find.empty()) return std::string(source);
  std::size_t last = 0;
  for (std::size_t at = source.find(find); at != std::string_view::npos; at = source.find(find, last)) {
    out.append(source.substr(last, at - last)).append(with);
    last = at + find.size();
  }
  out.append(source.substr(last));
  return out;
}

// Replace's slot texts, evaluated once; `filled` says which slots were written.
struct ReplaceArgs {
  Value values[7];
  std::string scratch[7];
  std::optional<std::string_view> text[7];
  bool filled[7] = {};
};

const Regex* compile_pattern(Machine& m, const Node& node, const Call& call, std::string_view pattern) {
  std::string error;
  const Regex* regex = Regex::cached(pattern, error);
  if (regex == nullptr)
    m.fail(Machine::slot_node(call, 2, node), "invalid regular expression '" + std::string(pattern) + "': " + error);
  return regex;
}

// The value of Replace's slot 6: an attribute reference, or a string naming one.
Value replacement_attribute(Machine& m, const Call& call, const ReplaceArgs& a) {
  if (std::holds_alternative<AttributeRef>(call.args[5]->value)) return Value(a.values[5]);
  if (!a.text[5]) return {};
  return m.attribute(*a.text[5]).detached();
}

Value replace_group_from_attribute(Machine& m, const Node& node, const Call& call, ReplaceArgs& a) {
  if (a.text[0] && !a.text[0]->empty()) return Value::string(std::string(*a.text[0]));
  Value other = replacement_attribute(m, call, a);
  std::string scratch;
  auto subject = other.text(scratch);
  if (!subject) return {};
  const Regex* regex = compile_pattern(m, node, call, a.text[2].value_or(""));
  if (regex == nullptr) return {};
  int group = regex->group_number(a.text[3].value_or(""));
  auto found = regex->matches(*subject);
  if (group < 0 || found.empty()) return Value::string({});
  auto [b, e] = found.front().groups[static_cast<std::size_t>(group) - 1];
  if (b == std::string_view::npos) return Value::string({});
  return Value::string(std::string(subject->substr(b, e - b)));
}

Value replace_group_span(Machine& m, const Node& node, const Call& call, ReplaceArgs& a) {
  const Regex* regex = compile_pattern(m, node, call, a.text[2].value_or(""));
  if (regex == nullptr || !a.text[0]) return {};
  std::string_view subject = *a.text[0];
  int group = regex->group_number(a.text[3].value_or(""));
  if (group < 0)
    return m.fail(Machine::slot_node(call, 3, node),
                  "the regular expression has no group named '" + std::string(a.text[3].value_or("")) + "'");
  std::string out;
  std::size_t last = 0;
  for (const Regex::Match& match : regex->matches(subject)) {
    auto [b, e] = match.groups[static_cast<std::size_t>(group) - 1];
    if (b == std::string_view::npos || b < last) continue;
    out.append(subject.substr(last, b - last)).append(a.text[4].value_or(""));
    last = e;
  }
  out.append(subject.substr(last));
  return Value::string(std::move(out));
}

Value replace(Machine& m, const Node& node, const Call& call) {
  ReplaceArgs a;
  for (std::size_t i = 0; i < 7; ++i) {
    a.filled[i] = Machine::has_arg(call, i);
    a.values[i] = m.arg(call, i);
    if (m.stopped()) return {};
    a.text[i] = a.values[i].text(a.scratch[i]);
  }
  if (a.filled[1] && a.filled[6]) {
    if (!a.text[0]) return {};
    return Value::string(replace_all(a.text[6].value_or(""), a.text[1].value_or(""), *a.text[0]));
  }
  if (a.filled[1] && a.filled[4]) {
    if (!a.text[0]) return {};
    return Value::string(replace_all(*a.text[0], a.text[1].value_or(""), a.text[4].value_or("")));
  }
  if (a.filled[2] && a.filled[3] && a.filled[5]) return replace_group_from_attribute(m, node, call, a);
  if (a.filled[2] && a.filled[3] && a.filled[4]) return replace_group_span(m, node, call, a);
  if (a.filled[2] && a.filled[4]) {
    const Regex* regex = compile_pattern(m, node, call, a.text[2].value_or(""));
    if (regex == nullptr || !a.text[0]) return {};
    std::string error;
    auto out = regex->replace(*a.text[0], a.text[4].value_or(""), error);
    if (!out) return m.fail(Machine::slot_node(call, 4, node), "invalid replacement: " + error);
    return Value::string(std::move(*out));
  }
  return m.fail(node,
                "'Replace' needs oldValue with replacementValue or template, or regexPattern with "
                "replacementValue or with regexGroupName and replacementAttributeName",
                "ArityError");
}

Value pcase(Machine& m, const Node&, const Call& call) {
  Value source = m.arg(call, 0);
  Value separators = m.arg(call, 1);
  if (m.stopped()) return {};
  std::string s1, s2;
  auto text = source.text(s1);
  if (!text) return {};
  std::optional<std::string_view> seps;
  if (Machine::has_arg(call, 1)) seps = separators.text(s2).value_or(std::string_view());
  return Value::string(text::proper_case(*text, seps));
}

Value change_case(Machine& m, const Node& node, const Call& call, bool upper) {
  Value source = m.arg(call, 0);
  Value culture = m.arg(call, 1);
  if (m.stopped()) return {};
  std::string s1, s2;
  std::string_view tag = culture.text(s2).value_or(std::string_view());
  auto parsed = text::parse_culture(tag);
  if (!parsed)
    return m.fail(Machine::slot_node(call, 1, node),
                  "'" + std::string(tag) + "' is not a culture name; write one such as 'tr-TR' or leave it out");
  auto text = source.text(s1);
  if (!text) return {};
  return Value::string(upper ? text::to_upper(*text, *parsed) : text::to_lower(*text, *parsed));
}

Value to_lower(Machine& m, const Node& node, const Call& call) { return change_case(m, node, call, false); }
Value to_upper(Machine& m, const Node& node, const Call& call) { return change_case(m, node, call, true); }

Value normalize_diacritics(Machine& m, const Node&, const Call& call) {
  return map_source(m, call, [](std::string_view t) { return Value::string(text::normalize_diacritics(t)); });
}

Value strip_spaces(Machine& m, const Node&, const Call& call) {
  return map_source(m, call, [](std::string_view t) {
    std::string out;
    out.reserve(t.size());
    for (char c : t)
      if (c != ' ') out += c;
    return Value::string(std::move(out));
  });
}

Value cstr(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  if (value.type() == Value::Type::String) return value;
  return Value::string(value.to_string());
}

Value to_base64(Machine& m, const Node&, const Call& call) {
  return map_source(m, call, [](std::string_view t) { return Value::string(text::utf16le_base64(t)); });
}

Value to_utf8_hex(Machine& m, const Node&, const Call& call) {
  return map_source(m, call, [](std::string_view t) { return Value::string(text::utf8_hex(t)); });
}

Value from_base64(Machine& m, const Node& node, const Call& call) {
  std::string encoding = "Unicode";
  if (Machine::has_arg(call, 1)) {
    if (const auto* bare = std::get_if<BareWord>(&call.args[1]->value))
      encoding = bare->name;
    else
      encoding = m.arg(call, 1).to_string();
  }
  std::string lower = text::to_lower(encoding);
  if (lower != "unicode" && lower != "utf8" && lower != "ascii")
    return m.fail(Machine::slot_node(call, 1, node),
                  "'encoding' of 'ConvertFromBase64' must be Unicode, UTF8 or ASCII, found '" + encoding + "'",
                  "TypeError");
  return map_source(m, call, [&](std::string_view t) -> Value {
    auto bytes = text::base64_decode(t);
    if (!bytes) return m.fail(Machine::slot_node(call, 0, node), "'" + std::string(t) + "' is not Base64");
    if (lower == "utf8") return Value::string(std::move(*bytes));
    if (lower == "ascii") {
      for (char& c : *bytes)
        if (static_cast<unsigned char>(c) >= 0x80) c = '?';
      return Value::string(std::move(*bytes));
    }
    auto decoded = text::utf8_from_utf16le(*bytes);
    if (!decoded) return m.fail(Machine::slot_node(call, 0, node), "the decoded bytes are not UTF-16LE text");
    return Value::string(std::move(*decoded));
  });
}

std::string trim_text(std::string_view t) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (!t.empty() && space(t.front())) t.remove_prefix(1);
  while (!t.empty() && space(t.back())) t.remove_suffix(1);
  return std::string(t);
}

Value trim(Machine& m, const Node&, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  if (value.type() == Value::Type::MultiValued) {
    std::vector<std::string> out;
    for (std::string_view v : value.values()) out.push_back(trim_text(v));
    return Value::list(std::move(out));
  }
  return Value::string(trim_text(value.to_string()));
}

// The RDNs of a DN, split at unescaped commas.
std::vector<std::string_view> dn_components(std::string_view dn) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < dn.size(); ++i) {
    if (dn[i] == '\\') {
      ++i;
    } else if (dn[i] == ',') {
      out.push_back(dn.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(dn.substr(start));
  return out;
}

Value dn_component(Machine& m, const Node& node, const Call& call) {
  Value dn = m.arg(call, 0);
  auto n = m.integer_arg(node, call, 1);
  if (!n) return {};
  std::string scratch;
  auto text = dn.text(scratch);
  if (!text) return {};
  auto parts = dn_components(*text);
  if (*n < 1 || static_cast<std::size_t>(*n) > parts.size()) return {};
  std::string_view part = parts[static_cast<std::size_t>(*n - 1)];
  std::size_t eq = part.find('=');
  return Value::string(trim_text(eq == std::string_view::npos ? part : part.substr(eq + 1)));
}

Value string_from_sid(Machine& m, const Node& node, const Call& call) {
  return map_source(m, call, [&](std::string_view t) -> Value {
    if (t.substr(0, 2) == "S-") return Value::string(std::string(t));
    auto bytes = text::base64_decode(t);
    if (!bytes || bytes->size() < 8 || bytes->size() != 8 + 4 * static_cast<std::size_t>(static_cast<unsigned char>((*bytes)[1])))
      return m.fail(Machine::slot_node(call, 0, node), "'" + std::string(t) + "' is not a Base64 binary SID");
    auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>((*bytes)[i])); };
    std::uint64_t authority = 0;
    for (std::size_t i = 2; i < 8; ++i) authority = authority << 8 | byte(i);
    std::string out = "S-" + std::to_string(byte(0)) + "-" + std::to_string(authority);
    for (std::size_t i = 8; i < bytes->size(); i += 4)
      out += "-" + std::to_string(byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24);
    return Value::string(std::move(out));
  });
}

}  // namespace

Builtin text_builtin(FunctionId id) {
  switch (id) {
    case FunctionId::Append: return append;
    case FunctionId::Prepend: return prepend;
    case FunctionId::Join: return join;
    case FunctionId::Left: return left;
    case FunctionId::Mid: return mid;
    case FunctionId::Word: return word;
    case FunctionId::InStr: return in_str;
    case FunctionId::Replace: return replace;
    case FunctionId::PCase: return pcase;
    case FunctionId::ToLower: return to_lower;
    case FunctionId::ToUpper: return to_upper;
    case FunctionId::NormalizeDiacritics: return normalize_diacritics;
    case FunctionId::StripSpaces: return strip_spaces;
    case FunctionId::CStr: return cstr;
    case FunctionId::ConvertToBase64: return to_base64;
    case FunctionId::ConvertToUTF8Hex: return to_utf8_hex;
    case FunctionId::ConvertFromBase64: return from_base64;
    case FunctionId::Trim: return trim;
    case FunctionId::DNComponent: return dn_component;
    case FunctionId::StringFromSid: return string_from_sid;
    default: return nullptr;
  }
}

}  // namespace tf::expr
