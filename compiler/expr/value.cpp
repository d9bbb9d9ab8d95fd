// Runtime values: type, text rendering, detaching and JSON form (see value.h).
#include "compiler/expr/value.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace tf::expr {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

std::string_view boolean_text(bool b) { return b ? "True" : "False"; }

Value::Type Value::type() const {
  return std::visit(Overloaded{
                        [](std::monostate) { return Type::Null; },
                        [](std::string_view) { return Type::String; },
                        [](const std::string&) { return Type::String; },
                        [](bool) { return Type::Boolean; },
                        [](std::int64_t) { return Type::Integer; },
                        [](DateTime) { return Type::DateTime; },
                        [](std::span<const std::string>) { return Type::MultiValued; },
                        [](const std::vector<std::string>&) { return Type::MultiValued; },
                        [](IgnoreFlowMarker) { return Type::IgnoreFlow; },
                        [](const ComplexValue&) { return Type::Complex; },
                    },
                    storage_);
}

bool Value::is_null_or_empty() const {
  if (is_null()) return true;
  if (const auto* v = std::get_if<std::string_view>(&storage_)) return v->empty();
  if (const auto* s = std::get_if<std::string>(&storage_)) return s->empty();
  return false;
}

std::optional<std::string_view> Value::text(std::string& scratch) const {
  return std::visit(Overloaded{
                        [](std::monostate) -> std::optional<std::string_view> { return std::nullopt; },
                        [](std::string_view v) -> std::optional<std::string_view> { return v; },
                        [](const std::string& s) -> std::optional<std::string_view> { return s; },
                        [](bool b) -> std::optional<std::string_view> { return boolean_text(b); },
                        [&](std::int64_t i) -> std::optional<std::string_view> {
                          char buffer[24];
                          auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, i);
                          scratch.assign(buffer, end);
                          return std::string_view(scratch);
                        },
                        [&](DateTime t) -> std::optional<std::string_view> {
                          scratch.clear();
                          append_general(scratch, t);
                          return std::string_view(scratch);
                        },
                        [](std::span<const std::string> l) -> std::optional<std::string_view> {
                          if (l.empty()) return std::nullopt;
                          return std::string_view(l.front());
                        },
                        [](const std::vector<std::string>& l) -> std::optional<std::string_view> {
                          if (l.empty()) return std::nullopt;
                          return std::string_view(l.front());
                        },
                        [](IgnoreFlowMarker) -> std::optional<std::string_view> { return std::nullopt; },
                        [](const ComplexValue& c) -> std::optional<std::string_view> {
                          if (c.values.empty()) return std::nullopt;
                          return std::string_view(c.values.front());
                        },
                    },
                    storage_);
}

std::string Value::to_string() const {
  std::string scratch;
  auto t = text(scratch);
  return t ? std::string(*t) : std::string();
}

std::vector<std::string_view> Value::values() const {
  std::vector<std::string_view> out;
  if (const auto* l = std::get_if<std::span<const std::string>>(&storage_)) {
    out.assign(l->begin(), l->end());
  } else if (const auto* v = std::get_if<std::vector<std::string>>(&storage_)) {
    out.assign(v->begin(), v->end());
  } else if (const auto* c = std::get_if<ComplexValue>(&storage_)) {
    out.assign(c->values.begin(), c->values.end());
  } else if (const auto* b = std::get_if<std::string_view>(&storage_)) {
    out.push_back(*b);
  } else if (const auto* s = std::get_if<std::string>(&storage_)) {
    out.push_back(*s);
  }
  return out;
}

std::size_t Value::value_count() const {
  if (const auto* l = std::get_if<std::span<const std::string>>(&storage_)) return l->size();
  if (const auto* v = std::get_if<std::vector<std::string>>(&storage_)) return v->size();
  if (const auto* c = std::get_if<ComplexValue>(&storage_)) return c->values.size();
  if (is_null() || is_ignore_flow()) return 0;
  return 1;
}

Value Value::detached() const {
  if (const auto* v = std::get_if<std::string_view>(&storage_)) return Value::string(std::string(*v));
  if (const auto* l = std::get_if<std::span<const std::string>>(&storage_))
    return Value::list(std::vector<std::string>(l->begin(), l->end()));
  return *this;
}

bool Value::operator==(const Value& other) const {
  Type t = type();
  if (t != other.type()) return false;
  switch (t) {
    case Type::String: case Type::MultiValued: case Type::Complex: return values() == other.values();
    case Type::Boolean: return boolean_value() == other.boolean_value();
    case Type::Integer: return integer_value() == other.integer_value();
    case Type::DateTime: return date_time_value() == other.date_time_value();
    default: return true;
  }
}

nlohmann::json to_json(const Value& value) {
  switch (value.type()) {
    case Value::Type::Null: return nullptr;
    case Value::Type::IgnoreFlow: return nlohmann::json{{"ignoreFlow", true}};
    case Value::Type::MultiValued:
    case Value::Type::Complex: {
      nlohmann::json out = nlohmann::json::array();
      for (std::string_view v : value.values()) out.push_back(std::string(v));
      return out;
    }
    default: return value.to_string();
  }
}

}  // namespace tf::expr
