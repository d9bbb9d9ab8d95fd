// The runtime value of an expression (shared/reference/expressions.md §3.1): null, a
// string, a Boolean, an integer, a UTC date/time, a multi-valued list, the
// ignore-flow marker of IgnoreFlowIfNullOrEmpty, or an opaque complex value (app-role
// assignments). Strings and lists may be *borrowed*: a view into the user's
// attributes or the expression's literals, so that direct mappings cost no copy.
// A borrowed value is valid while what it views lives; detached() makes it owning.
// text() gives the single-valued text a String parameter sees (§3.2), rendering
// Booleans as True/False, integers in decimal and dates as `M/d/yyyy h:mm:ss tt`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compiler/expr/datetime.h"

namespace tf::expr {

class Value {
 public:
  enum class Type : std::uint8_t { Null, String, Boolean, Integer, DateTime, MultiValued, IgnoreFlow, Complex };

  Value() = default;  // null
  static Value null() { return Value(); }
  static Value borrowed(std::string_view text) { return Value(Storage(text)); }
  static Value string(std::string text) { return Value(Storage(std::move(text))); }
  static Value boolean(bool b) { return Value(Storage(b)); }
  static Value integer(std::int64_t i) { return Value(Storage(i)); }
  static Value date_time(DateTime t) { return Value(Storage(t)); }
  static Value borrowed_list(std::span<const std::string> values) { return Value(Storage(values)); }
  static Value list(std::vector<std::string> values) { return Value(Storage(std::move(values))); }
  static Value ignore_flow() { return Value(Storage(IgnoreFlowMarker{})); }
  static Value complex(std::vector<std::string> values) { return Value(Storage(ComplexValue{std::move(values)})); }

  Type type() const;
  bool is_null() const { return storage_.index() == 0; }
  bool is_ignore_flow() const { return std::holds_alternative<IgnoreFlowMarker>(storage_); }
  // Null, or a single-valued empty string.
  bool is_null_or_empty() const;

  // The single-valued text (§3.2): a list gives its first value; nullopt for null, an
  // empty list and ignore-flow. Rendered text is written into `scratch`, which must
  // outlive the returned view (as must this value).
  std::optional<std::string_view> text(std::string& scratch) const;
  // The same, owned; "" for null.
  std::string to_string() const;

  // The values of a list or complex value; one value for a single-valued one; none for null.
  std::vector<std::string_view> values() const;
  std::size_t value_count() const;

  bool boolean_value() const { return std::get<bool>(storage_); }
  std::int64_t integer_value() const { return std::get<std::int64_t>(storage_); }
  DateTime date_time_value() const { return std::get<DateTime>(storage_); }

  // An owning copy that no longer views attributes or literals.
  Value detached() const;

  bool operator==(const Value& other) const;

 private:
  struct IgnoreFlowMarker {
    bool operator==(const IgnoreFlowMarker&) const = default;
  };
  struct ComplexValue {
    std::vector<std::string> values;
    bool operator==(const ComplexValue&) const = default;
  };
  using Storage = std::variant<std::monostate, std::string_view, std::string, bool, std::int64_t, DateTime,
                               std::span<const std::string>, std::vector<std::string>, IgnoreFlowMarker,
                               ComplexValue>;
  explicit Value(Storage storage) : storage_(std::move(storage)) {}
  Storage storage_;
};

// "True" / "False".
std::string_view boolean_text(bool b);

// The vector form of a final result (expressions.md §9.1): a string, an array of
// strings, null, or {"ignoreFlow": true}.
nlohmann::json to_json(const Value& value);

}  // namespace tf::expr
