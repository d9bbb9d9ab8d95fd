// Date and time values of the expression language (shared/reference/expressions.md
// §3.1, §5 CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, NumFromDate, Now).
// A DateTime is a UTC instant counted in .NET ticks (100 ns) so that FILETIME values
// and seven fractional digits survive. This file promises .NET/VB-compatible
// behaviour for the documented cases: the engine's own rendering `M/d/yyyy h:mm:ss tt`
// (en-US, UTC), general parsing as CDate does, exact parsing and formatting with .NET
// custom format strings, VB DateAdd (month clamping) and VB DateDiff (Sunday weeks,
// calendar months and years). Every function is pure; range errors come back as
// nullopt, never as an exception.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tf::expr {

using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;

struct DateTime {
  std::chrono::sys_time<Ticks> instant;

  auto operator<=>(const DateTime&) const = default;
};

// .NET's DateTime range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.9999999Z.
bool in_range(DateTime t);
std::optional<DateTime> make_date_time(int year, int month, int day, int hour = 0, int minute = 0, int second = 0,
                                       std::int64_t fraction_ticks = 0);
DateTime from_sys_seconds(std::chrono::sys_seconds t);
std::chrono::sys_seconds to_sys_seconds(DateTime t);  // truncated to whole seconds

// `M/d/yyyy h:mm:ss tt`, e.g. "3/6/2012 7:00:00 AM" (appended to `out`).
void append_general(std::string& out, DateTime t);
std::string format_general(DateTime t);

// CDate: ISO 8601 dates with an optional `T` or space and time, an optional `Z` or
// ±hh[:mm] offset (also after a date alone: "2020-03-16-07:00"), and the engine's own
// `M/d/yyyy[ h:mm[:ss][ AM|PM]]`. No offset means UTC. nullopt when unparsable.
std::optional<DateTime> parse_general(std::string_view text);

// .NET DateTime.ParseExact with a custom format string (yyyy yy y MM M MMM MMMM dd d
// ddd dddd HH H hh h mm m ss s f..fffffff F..FFFFFFF tt t zzz zz z K, quoted literals,
// `\` escapes, `%`), leading and trailing white space allowed; an offset converts the
// result to UTC. nullopt with `error` saying why.
std::optional<DateTime> parse_exact(std::string_view text, std::string_view format, std::string& error);

// .NET DateTime.ToString(format) for the same specifiers (UTC: zzz renders "+00:00",
// K renders "Z"). An empty format renders the general form.
std::string format_custom(DateTime t, std::string_view format);

// VB interval codes (case-insensitive): yyyy q m y d w ww h n s.
enum class Interval { Year, Quarter, Month, DayOfYear, Day, Weekday, Week, Hour, Minute, Second };
std::optional<Interval> parse_interval(std::string_view code);

// VB DateAdd: months and years clamp the day to the month's length. nullopt when
// the result leaves the DateTime range.
std::optional<DateTime> add_interval(Interval interval, std::int64_t amount, DateTime t);
// VB DateDiff(interval, a, b): positive when b is later.
std::int64_t diff_interval(Interval interval, DateTime a, DateTime b);

// Active Directory FILETIME: 100-ns ticks since 1601-01-01T00:00:00Z.
std::optional<DateTime> from_filetime(std::int64_t filetime);
std::int64_t to_filetime(DateTime t);

}  // namespace tf::expr
