// The expression type checker (checker.h): one recursive walk that checks every
// call against its catalogue entry and every attribute against the known source
// attributes, then the §7 restrictions on the target attribute.
#include "compiler/expr/checker.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>
#include <vector>

#include "compiler/core/text.h"
#include "compiler/expr/parser.h"
#include "compiler/expr/printer.h"
#include "compiler/expr/source_attributes.h"

namespace tf::expr {
namespace {

constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);

std::string single_quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// did_you_mean() over the candidates whose length is within 3 of the word's
// (no other can be close enough), so a long garbage name costs nothing.
std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::vector<std::string> near;
  for (const std::string& c : candidates)
    if (c.size() + 3 >= word.size() && word.size() + 3 >= c.size()) near.push_back(c);
  return near.empty() ? std::string() : did_you_mean(word, near);
}

bool is_integer_text(std::string_view text) {
  std::string_view digits = !text.empty() && text[0] == '-' ? text.substr(1) : text;
  if (digits.empty()) return false;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// The bare words a parameter of kind BareWord accepts, per function.
std::vector<std::string> bare_words_for(FunctionId id) {
  if (id == FunctionId::InStr) return {"vbBinaryCompare", "vbTextCompare"};
  if (id == FunctionId::ConvertFromBase64) return {"ASCII", "UTF8", "Unicode"};
  return {};
}

// What to use instead of a legacy function.
std::string legacy_advice(FunctionId id) {
  switch (id) {
    case FunctionId::Prepend:
      return "; use Join(\"\", prefix, source) instead";
    case FunctionId::IsNothing:
      return "; use IsNull(...) instead";
    case FunctionId::AppRoleAssignments:
      return "; use AppRoleAssignmentsComplex(...) or SingleAppRoleAssignment(...) instead";
    default:
      return "";
  }
}

struct Arity {
  std::size_t min = 0;
  std::size_t max = 0;
};

Arity arity_of(const FunctionSpec& f) {
  Arity a;
  for (std::size_t i = 0; i < f.params.size(); ++i)
    if (!f.params[i].optional) a.min = i + 1;
  bool repeating = !f.params.empty() && f.params.back().repeating;
  a.max = repeating ? kUnbounded : f.params.size();
  return a;
}

std::string parameter_names(const FunctionSpec& f) {
  std::string out;
  for (const ParamSpec& p : f.params) {
    if (!out.empty()) out += ", ";
    out += p.key;
    if (p.optional) out += '?';
    if (p.repeating) out += ", ...";
  }
  return out;
}

// "; leave optional slots empty: FormatDateTime(source, , inputFormat, outputFormat)"
// when an optional parameter comes before a required one, else "".
std::string empty_slot_hint(const FunctionSpec& f, std::size_t min) {
  bool gap = false;
  for (std::size_t i = 0; i < min; ++i) gap = gap || f.params[i].optional;
  if (!gap) return {};
  std::string out = "; leave optional slots empty: " + std::string(f.name) + "(";
  for (std::size_t i = 0; i < min; ++i) {
    if (i > 0) out += ", ";
    if (!f.params[i].optional) out += f.params[i].key;
  }
  return out + ")";
}

std::string arguments_phrase(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

std::string expected_count(const Arity& a) {
  if (a.max == kUnbounded) return "at least " + arguments_phrase(a.min);
  if (a.min == a.max) return arguments_phrase(a.min);
  return std::to_string(a.min) + " to " + arguments_phrase(a.max);
}

class Checker {
 public:
  Checker(const Expression& e, const CheckOptions& o, Diagnostics& d)
      : expression_(e),
        options_(o),
        diagnostics_(d),
        attributes_(o.source_attributes ? *o.source_attributes : known_source_attributes()) {}

  ValueKind run() {
    if (!expression_.root) return ValueKind::Any;
    ValueKind kind = check(*expression_.root, true);
    if (kind == ValueKind::BareWord) report_bare_word_value(*expression_.root);
    if (!options_.target_attribute.empty()) check_target(*expression_.root);
    return kind;
  }

 private:
  const Expression& expression_;
  const CheckOptions& options_;
  Diagnostics& diagnostics_;
  const AttributeNames& attributes_;

  Diagnostic& error(Span span, std::string message, const char* code) {
    Diagnostic& d = diagnostics_.error(expression_.location_of(span), std::move(message), code);
    note_if_approximate(d, expression_.source, span.offset);
    return d;
  }
  Diagnostic& warning(Span span, std::string message, const char* code) {
    Diagnostic& d = diagnostics_.warning(expression_.location_of(span), std::move(message), code);
    note_if_approximate(d, expression_.source, span.offset);
    return d;
  }

  ValueKind check(const Node& node, bool top_level) {
    return std::visit([&](const auto& value) { return check_value(value, node, top_level); }, node.value);
  }

  ValueKind check_value(const AttributeRef& a, const Node& node, bool) {
    check_attribute_name(a.name, node.span);
    return ValueKind::Any;
  }
  ValueKind check_value(const StringLiteral&, const Node&, bool) { return ValueKind::String; }
  ValueKind check_value(const NumberLiteral&, const Node&, bool) { return ValueKind::Integer; }
  ValueKind check_value(const BareWord&, const Node&, bool) { return ValueKind::BareWord; }

  ValueKind check_value(const Comparison& c, const Node&, bool) {
    check_comparison_operand(*c.lhs, c);
    check_comparison_operand(*c.rhs, c);
    return ValueKind::Boolean;
  }

  void check_comparison_operand(const Node& operand, const Comparison& c) {
    ValueKind kind = check(operand, false);
    std::string op = single_quoted(compare_op_text(c.op));
    if (kind == ValueKind::BareWord)
      error(operand.span,
            "cannot compare the bare word " + single_quoted(std::get<BareWord>(operand.value).name) +
                " with " + op + "; write strings in double quotes, e.g. " +
                quote_string(std::get<BareWord>(operand.value).name),
            "TypeError");
    else if (kind == ValueKind::MultiValued)
      error(operand.span,
            "cannot compare a multi-valued value with " + op + "; pick one value with Item(...) or Join(...)",
            "TypeError");
  }

  ValueKind check_value(const Call& call, const Node& node, bool top_level) {
    if (!call.function) {
      report_unknown_function(call);
      for (const NodePtr& arg : call.args)
        if (arg) check(*arg, false);
      return ValueKind::Any;
    }
    const FunctionSpec& f = *call.function;
    check_availability(call, f, top_level);
    check_arity(call, f, node);
    std::vector<ValueKind> kinds = check_arguments(call, f);
    return result_kind(f, kinds);
  }

  // --- functions -------------------------------------------------------------

  void report_unknown_function(const Call& call) {
    std::vector<std::string> names;
    for (const FunctionSpec& f : all_functions()) names.emplace_back(f.name);
    std::string message = "unknown function " + single_quoted(call.name);
    std::string suggestion;
    for (const std::string& n : names)
      if (lower_ascii(n) == lower_ascii(call.name))
        suggestion = "; did you mean " + single_quoted(n) + "? function names are case-sensitive";
    if (suggestion.empty()) suggestion = suggest(call.name, names);
    if (suggestion.empty() && call.name == "ObsoleteReplace")
      suggestion = "; it is the old name of 'Replace'";
    error(call.name_span, message + suggestion, "UnknownFunction");
  }

  void check_availability(const Call& call, const FunctionSpec& f, bool top_level) {
    const std::string name = single_quoted(f.name);
    switch (f.availability) {
      case Availability::CrossTenant:
        break;
      case Availability::CloudSyncOnly:
        if (!options_.cloud_sync)
          error(call.name_span,
                name +
                    " is only available in Entra cloud sync, not in application or cross-tenant provisioning",
                "UnsupportedContext");
        break;
      case Availability::Legacy:
        warning(call.name_span,
                name + " is a legacy function kept only by Graph's schema" + legacy_advice(f.id),
                "LegacyFunction");
        break;
      case Availability::NotInCrossTenant:
        if (options_.cross_tenant)
          error(call.name_span,
                name +
                    " is not supported in cross-tenant synchronization; it only works for Workday, "
                    "SuccessFactors and API-driven provisioning to Active Directory",
                "UnsupportedContext");
        break;
    }
    if (f.id == FunctionId::SelectUniqueValue && !top_level)
      error(call.name_span,
            "'SelectUniqueValue' must be the top-level function of the expression, not an argument",
            "UnsupportedContext");
  }

  bool check_arity(const Call& call, const FunctionSpec& f, const Node& node) {
    Arity a = arity_of(f);
    std::size_t n = call.args.size();
    if (f.id == FunctionId::SelectUniqueValue && n < 2) {
      error(call.name_span,
            "'SelectUniqueValue' needs at least two rules to choose from, found " + std::to_string(n),
            "ArityError");
      return false;
    }
    if (n < a.min) {
      error(call.name_span,
            single_quoted(f.name) + " expects " + expected_count(a) + " (" + parameter_names(f) +
                "), found " + std::to_string(n) + empty_slot_hint(f, a.min),
            "ArityError");
      return false;
    }
    if (n > a.max) {
      error(first_extra_span(call, a.max),
            single_quoted(f.name) + " expects " + expected_count(a) + " (" + parameter_names(f) +
                "), found " + std::to_string(n),
            "ArityError");
      return false;
    }
    bool ok = check_empty_slots(call, f);
    if (f.id == FunctionId::Switch) ok = check_switch_pairs(call, node) && ok;
    return ok;
  }

  Span first_extra_span(const Call& call, std::size_t max) {
    for (std::size_t i = max; i < call.args.size(); ++i)
      if (call.args[i]) return call.args[i]->span;
    return call.name_span;
  }

  bool check_empty_slots(const Call& call, const FunctionSpec& f) {
    bool ok = true;
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      if (call.args[i]) continue;
      const ParamSpec& p = param_at(f, i);
      if (p.optional) continue;
      error(slot_span(call, i),
            "argument " + std::to_string(i + 1) + " (" + single_quoted(p.key) + ") of " +
                single_quoted(f.name) + " is required but left empty",
            "ArityError");
      ok = false;
    }
    return ok;
  }

  bool check_switch_pairs(const Call& call, const Node& node) {
    std::size_t n = call.args.size();
    if (n >= 4 && n % 2 == 0) return true;
    Span where = n % 2 == 1 && call.args.back() ? call.args.back()->span : node.span;
    std::string message = n % 2 == 1
                              ? "'Switch' takes keys and values in pairs after the source and the default "
                                "value; the last key has no value"
                              : "'Switch' needs at least one key and value after the source and the default "
                                "value";
    error(where, message, "ArityError");
    return false;
  }

  // The slot's place in the text, or the call's name for a hand-built tree.
  static Span slot_span(const Call& call, std::size_t i) {
    return i < call.slot_spans.size() ? call.slot_spans[i] : call.name_span;
  }

  static const ParamSpec& param_at(const FunctionSpec& f, std::size_t i) {
    return i < f.params.size() ? f.params[i] : f.params.back();
  }

  std::vector<ValueKind> check_arguments(const Call& call, const FunctionSpec& f) {
    std::vector<ValueKind> kinds;
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      if (!call.args[i]) {
        kinds.push_back(ValueKind::Any);
        continue;
      }
      ValueKind kind = check(*call.args[i], false);
      kinds.push_back(kind);
      if (!f.params.empty() && (i < f.params.size() || f.params.back().repeating))
        check_argument_kind(f, i, *call.args[i], kind);
    }
    return kinds;
  }

  // --- argument kinds --------------------------------------------------------

  std::string argument_name(const FunctionSpec& f, std::size_t i) {
    return "argument " + std::to_string(i + 1) + " (" + single_quoted(param_at(f, i).key) + ") of " +
           single_quoted(f.name);
  }

  void check_argument_kind(const FunctionSpec& f, std::size_t i, const Node& arg, ValueKind kind) {
    const ParamSpec& p = param_at(f, i);
    if (p.kind == ValueKind::BareWord) return check_bare_word_argument(f, i, arg);
    if (kind == ValueKind::BareWord) return report_bare_word_argument(f, i, arg);
    if (p.kind == ValueKind::AttributeOrString) return check_attribute_or_string(f, i, arg, kind);
    std::string problem = kind_problem(p.kind, arg, kind);
    if (!problem.empty())
      error(arg.span, argument_name(f, i) + " expects " + value_kind_phrase(p.kind) + ", found " + problem,
            "TypeError");
  }

  // What is wrong with `arg` (of kind `kind`) where `wanted` is expected, or "".
  std::string kind_problem(ValueKind wanted, const Node& arg, ValueKind kind) {
    if (kind == ValueKind::Any || kind == wanted || wanted == ValueKind::Any) return {};
    const auto* literal = std::get_if<StringLiteral>(&arg.value);
    switch (wanted) {
      case ValueKind::String:
        return {};
      case ValueKind::Integer:
        if (literal && !is_integer_text(literal->value)) return "the string " + quote_string(literal->value);
        if (kind == ValueKind::String) return {};
        break;
      case ValueKind::Boolean:
        if (kind == ValueKind::String || kind == ValueKind::Integer) return {};
        break;
      case ValueKind::DateTime:
        if (kind == ValueKind::String) return describe(arg, kind) + "; convert it with CDate(...)";
        break;
      default:
        break;
    }
    return describe(arg, kind);
  }

  std::string describe(const Node& arg, ValueKind kind) {
    if (const auto* s = std::get_if<StringLiteral>(&arg.value)) return "the string " + quote_string(s->value);
    if (const auto* n = std::get_if<NumberLiteral>(&arg.value)) return "the number " + n->text;
    if (std::holds_alternative<Comparison>(arg.value)) return "a comparison, which is a Boolean";
    if (const auto* c = std::get_if<Call>(&arg.value))
      return single_quoted(c->name + "(...)") + ", which returns " + value_kind_phrase(kind);
    return value_kind_phrase(kind);
  }

  void report_bare_word_argument(const FunctionSpec& f, std::size_t i, const Node& arg) {
    const std::string& word = std::get<BareWord>(arg.value).name;
    error(arg.span,
          argument_name(f, i) + " expects " + value_kind_phrase(param_at(f, i).kind) +
              ", found the bare word " + single_quoted(word) + "; write strings in double quotes, e.g. " +
              quote_string(word),
          "TypeError");
  }

  void report_bare_word_value(const Node& node) {
    const std::string& word = std::get<BareWord>(node.value).name;
    error(node.span,
          "a bare word cannot be a mapping's value, found " + single_quoted(word) +
              "; write strings in double quotes, e.g. " + quote_string(word),
          "TypeError");
  }

  void check_bare_word_argument(const FunctionSpec& f, std::size_t i, const Node& arg) {
    std::vector<std::string> allowed = bare_words_for(f.id);
    std::string list;
    for (const std::string& w : allowed) list += (list.empty() ? "" : " or ") + w;
    const auto* word = std::get_if<BareWord>(&arg.value);
    if (!word) {
      error(arg.span, argument_name(f, i) + " expects the bare word " + list + " (without quotes)",
            "TypeError");
      return;
    }
    if (std::find(allowed.begin(), allowed.end(), word->name) != allowed.end()) return;
    std::string hint = suggest(word->name, allowed);
    error(arg.span,
          argument_name(f, i) + " expects " + list + ", found " + single_quoted(word->name) +
              (hint.empty() ? "" : hint),
          "TypeError");
  }

  void check_attribute_or_string(const FunctionSpec& f, std::size_t i, const Node& arg, ValueKind kind) {
    if (std::holds_alternative<AttributeRef>(arg.value) || kind == ValueKind::Any) return;
    if (const auto* s = std::get_if<StringLiteral>(&arg.value)) {
      check_attribute_name(s->value, arg.span);
      return;
    }
    if (kind == ValueKind::String) return;
    error(arg.span,
          argument_name(f, i) + " expects an attribute such as [mobile] or its name as a string, found " +
              describe(arg, kind),
          "TypeError");
  }

  static ValueKind result_kind(const FunctionSpec& f, const std::vector<ValueKind>& kinds) {
    if (f.id == FunctionId::Redact && kinds.size() == 1) return kinds[0];
    if (f.id == FunctionId::IIF && kinds.size() == 3 && kinds[1] == kinds[2]) return kinds[1];
    return f.result;
  }

  // --- attributes ------------------------------------------------------------

  void check_attribute_name(const std::string& name, Span span) {
    if (!options_.check_attribute_names) return;
    if (std::string problem = source_attribute_problem(name, attributes_); !problem.empty())
      error(span, problem, "UnknownAttribute");
  }

  // --- the target attribute (§7) ----------------------------------------------

  void check_target(const Node& root) {
    const std::string& target = options_.target_attribute;
    Span all = root.span;
    if (target == "proxyAddresses")
      error(all,
            "'proxyAddresses' cannot be a target of cross-tenant synchronization: it is read-only in Graph "
            "(it can only be used as a source)",
            "UnsupportedTarget");
    else if (target == "otherMails")
      error(all,
            "'otherMails' must not be a target of cross-tenant synchronization: Entra recomputes it in the "
            "target tenant",
            "UnsupportedTarget");
    else if (target == "alternativeSecurityIds")
      error(all,
            "'alternativeSecurityIds' is the fixed matching attribute of cross-tenant synchronization; its "
            "mapping cannot be changed",
            "UnsupportedTarget");
    else if (target == "HiddenFromAddressListEnabled" || target == "TargetAddress" ||
             target == "ExternalEmailAddress")
      error(all,
            single_quoted(target) + " is an Exchange property that cross-tenant synchronization cannot set",
            "UnsupportedTarget");
    else if (target == "userType")
      check_user_type_target(root);
    else if (target == "manager")
      check_manager_target(root);
  }

  void check_user_type_target(const Node& root) {
    const auto* s = std::get_if<StringLiteral>(&root.value);
    if (s && s->value != "Member" && s->value != "Guest")
      warning(root.span, "'userType' is either \"Member\" or \"Guest\", found " + quote_string(s->value),
              "TargetAttribute");
  }

  void check_manager_target(const Node& root) {
    const auto* a = std::get_if<AttributeRef>(&root.value);
    if (!a || a->name != "manager")
      warning(root.span,
              "'manager' is a reference attribute: only the direct mapping [manager] is supported, and "
              "both users must be in scope",
              "TargetAttribute");
  }
};

}  // namespace

const char* value_kind_phrase(ValueKind kind) {
  switch (kind) {
    case ValueKind::String:
      return "a string";
    case ValueKind::Integer:
      return "an integer";
    case ValueKind::Boolean:
      return "a Boolean";
    case ValueKind::DateTime:
      return "a date-time";
    case ValueKind::MultiValued:
      return "a multi-valued value";
    case ValueKind::Any:
      return "any value";
    case ValueKind::BareWord:
      return "a bare word";
    case ValueKind::AttributeOrString:
      return "an attribute or its name";
  }
  return "a value";
}

ValueKind check_expression(const Expression& expression, const CheckOptions& options,
                           Diagnostics& diagnostics) {
  return Checker(expression, options, diagnostics).run();
}

}  // namespace tf::expr
