// The date family (shared/reference/expressions.md §5): CDate, DateAdd, DateDiff,
// DateFromNum, FormatDateTime, Now and NumFromDate over datetime.h. Date parameters
// take a DateTime, or a string CDate can read; null gives null.
#include "compiler/expr/eval_machine.h"

namespace tf::expr {

namespace {

const char* const kDateForms = "write yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss with an optional Z or ±hh:mm, "
                               "or M/d/yyyy h:mm:ss AM";

Value cdate(Machine& m, const Node& node, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  if (value.type() == Value::Type::DateTime) return value;
  std::string scratch;
  auto text = value.text(scratch);
  if (text)
    if (auto parsed = parse_general(*text)) return Value::date_time(*parsed);
  return m.fail(Machine::slot_node(call, 0, node),
                "'CDate' cannot read '" + value.to_string() + "' as a date; " + kDateForms);
}

std::optional<Interval> interval_arg(Machine& m, const Node& node, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped()) return std::nullopt;
  std::string scratch;
  std::string_view code = value.text(scratch).value_or(std::string_view());
  if (auto interval = parse_interval(code)) return interval;
  m.fail(Machine::slot_node(call, 0, node), "unknown interval '" + std::string(code) + "' for '" + call.name +
                                                "'; use yyyy, q, m, d, ww, h, n or s");
  return std::nullopt;
}

// Slot `i` as a date; nullopt with `null` set when it is null, or with the machine stopped.
std::optional<DateTime> date_arg(Machine& m, const Node& node, const Call& call, std::size_t i) {
  Value value = m.arg(call, i);
  if (m.stopped()) return std::nullopt;
  bool failed = false;
  std::string what = "'" + Machine::param_name(call, i) + "' of '" + call.name + "'";
  return m.to_date_time(value, Machine::slot_node(call, i, node), what, failed);
}

Value date_add(Machine& m, const Node& node, const Call& call) {
  auto interval = interval_arg(m, node, call);
  if (!interval) return {};
  auto amount = m.integer_arg(node, call, 1);
  if (!amount) return {};
  auto date = date_arg(m, node, call, 2);
  if (!date) return {};
  auto out = add_interval(*interval, *amount, *date);
  if (!out) return m.fail(node, "'DateAdd' leaves the range of dates (years 1 to 9999)");
  return Value::date_time(*out);
}

Value date_diff(Machine& m, const Node& node, const Call& call) {
  auto interval = interval_arg(m, node, call);
  if (!interval) return {};
  auto a = date_arg(m, node, call, 1);
  if (m.stopped()) return {};
  auto b = date_arg(m, node, call, 2);
  if (!a || !b) return {};
  return Value::integer(diff_interval(*interval, *a, *b));
}

Value date_from_num(Machine& m, const Node& node, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  auto ticks = m.to_integer(value, Machine::slot_node(call, 0, node), "'value' of 'DateFromNum'");
  if (!ticks) return {};
  auto out = from_filetime(*ticks);
  if (!out)
    return m.fail(Machine::slot_node(call, 0, node),
                  "'DateFromNum' expects a FILETIME (100-ns ticks since 1601-01-01) in the range of dates, found " +
                      std::to_string(*ticks));
  return Value::date_time(*out);
}

Value format_date_time(Machine& m, const Node& node, const Call& call) {
  if (!Machine::has_arg(call, 3))
    return m.fail(node,
                  "'FormatDateTime' takes (source, dateTimeStyles, inputFormat, outputFormat); leave "
                  "dateTimeStyles empty, as in FormatDateTime([x], , \"yyyyMMdd\", \"yyyy-MM-dd\")",
                  "ArityError");
  Value source = m.arg(call, 0);
  Value input = m.arg(call, 2);
  Value output = m.arg(call, 3);
  if (m.stopped() || source.is_null()) return {};
  std::string s0, s2, s3, error;
  std::string_view text = source.text(s0).value_or(std::string_view());
  auto parsed = parse_exact(text, input.text(s2).value_or(std::string_view()), error);
  if (!parsed) return m.fail(Machine::slot_node(call, 0, node), "'FormatDateTime' cannot read the date: " + error);
  return Value::string(format_custom(*parsed, output.text(s3).value_or(std::string_view())));
}

Value now(Machine& m, const Node& node, const Call&) {
  if (!m.context().now) return m.fail(node, "'Now' needs a clock, and this evaluation was given none");
  return Value::date_time(from_sys_seconds(m.context().now()));
}

Value num_from_date(Machine& m, const Node& node, const Call& call) {
  Value value = m.arg(call, 0);
  if (m.stopped() || value.is_null()) return {};
  if (value.type() == Value::Type::DateTime) return Value::integer(to_filetime(value.date_time_value()));
  std::string scratch;
  auto text = value.text(scratch);
  if (text)
    if (auto parsed = parse_general(*text)) return Value::integer(to_filetime(*parsed));
  return m.fail(Machine::slot_node(call, 0, node),
                "'NumFromDate' cannot read '" + value.to_string() + "' as a date; " + kDateForms);
}

}  // namespace

Builtin date_builtin(FunctionId id) {
  switch (id) {
    case FunctionId::CDate: return cdate;
    case FunctionId::DateAdd: return date_add;
    case FunctionId::DateDiff: return date_diff;
    case FunctionId::DateFromNum: return date_from_num;
    case FunctionId::FormatDateTime: return format_date_time;
    case FunctionId::Now: return now;
    case FunctionId::NumFromDate: return num_from_date;
    default: return nullptr;
  }
}

}  // namespace tf::expr
