// Date and time arithmetic, parsing and formatting with .NET and VB semantics
// (see datetime.h). Civil fields come from std::chrono's proleptic Gregorian
// calendar; names are en-US (the engine's culture for rendering).
#include "compiler/expr/datetime.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace tf::expr {

namespace {

using namespace std::chrono;

constexpr std::int64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kTicksPerMinute = 60 * kTicksPerSecond;
constexpr std::int64_t kTicksPerHour = 60 * kTicksPerMinute;
constexpr std::int64_t kTicksPerDay = 24 * kTicksPerHour;
// Ticks from 1601-01-01 to 1970-01-01 (the FILETIME epoch to the Unix epoch).
constexpr std::int64_t kFiletimeToUnix = 116'444'736'000'000'000;

constexpr std::array<std::string_view, 12> kMonthNames = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kDayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};

const DateTime kMin{sys_days(year{1} / 1 / 1)};
const DateTime kMax{sys_days(year{10000} / 1 / 1) - Ticks{1}};

struct Civil {
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::int64_t fraction = 0;  // ticks below one second
  int weekday = 0;            // 0 = Sunday
  int day_of_year = 1;
};

Civil civil(DateTime t) {
  sys_days day_point = floor<days>(t.instant);
  year_month_day ymd{day_point};
  std::int64_t tod = (t.instant - day_point).count();
  Civil c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.hour = static_cast<int>(tod / kTicksPerHour);
  c.minute = static_cast<int>(tod % kTicksPerHour / kTicksPerMinute);
  c.second = static_cast<int>(tod % kTicksPerMinute / kTicksPerSecond);
  c.fraction = tod % kTicksPerSecond;
  c.weekday = static_cast<int>(weekday{day_point}.c_encoding());
  c.day_of_year = static_cast<int>((day_point - sys_days(ymd.year() / 1 / 1)).count()) + 1;
  return c;
}

int days_in_month(int y, int m) {
  return static_cast<int>(static_cast<unsigned>((year{y} / month{static_cast<unsigned>(m)} / last).day()));
}

void append_padded(std::string& out, std::int64_t value, int width) {
  char buffer[32];
  int n = std::snprintf(buffer, sizeof buffer, "%0*lld", width, static_cast<long long>(value));
  out.append(buffer, static_cast<std::size_t>(n));
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A reading position in a string, for the hand-written date scanners.
struct Cursor {
  std::string_view text;
  std::size_t at = 0;

  bool done() const { return at >= text.size(); }
  char peek() const { return done() ? '\0' : text[at]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++at;
    return true;
  }
  void skip_space() {
    while (!done() && is_space(text[at])) ++at;
  }
  // Between min and max decimal digits.
  std::optional<int> digits(int min, int max) {
    int value = 0, n = 0;
    while (n < max && !done() && text[at] >= '0' && text[at] <= '9') {
      value = value * 10 + (text[at] - '0');
      ++at;
      ++n;
    }
    if (n < min) return std::nullopt;
    return value;
  }
  // Seven-digit tick fraction from any number of digits (extra digits dropped).
  std::optional<std::int64_t> fraction(int min, int max) {
    std::int64_t value = 0;
    int n = 0;
    while (n < max && !done() && text[at] >= '0' && text[at] <= '9') {
      if (n < 7) value = value * 10 + (text[at] - '0');
      ++at;
      ++n;
    }
    if (n < min) return std::nullopt;
    for (int k = std::min(n, 7); k < 7; ++k) value *= 10;
    return value;
  }
  // One of `words` (case-insensitive); its index.
  template <std::size_t N>
  std::optional<int> word(const std::array<std::string_view, N>& words, std::size_t prefix) {
    for (std::size_t i = 0; i < N; ++i) {
      std::string_view w = prefix == 0 ? words[i] : words[i].substr(0, prefix);
      if (iequals(text.substr(at, w.size()), w)) {
        at += w.size();
        return static_cast<int>(i);
      }
    }
    return std::nullopt;
  }
};

// An offset `Z`, `±hh`, `±hhmm` or `±hh:mm` in minutes east of UTC.
std::optional<int> read_offset(Cursor& c, bool allow_z) {
  if (allow_z && (c.eat('Z') || c.eat('z'))) return 0;
  char sign = c.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  std::size_t start = c.at++;
  auto hours = c.digits(1, 2);
  if (!hours || *hours > 14) {
    c.at = start;
    return std::nullopt;
  }
  int minutes = 0;
  bool colon = c.eat(':');
  if (auto m = c.digits(2, 2)) {
    minutes = *m;
  } else if (colon) {
    c.at = start;
    return std::nullopt;
  }
  int total = *hours * 60 + minutes;
  return sign == '-' ? -total : total;
}

// A parsed date/time before it becomes an instant.
struct Fields {
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::int64_t fraction = 0;
  int pm = -1;                    // -1 unknown, 0 AM, 1 PM
  std::optional<int> offset;      // minutes east of UTC
  bool twelve_hour = false;
};

std::optional<DateTime> to_instant(const Fields& f) {
  int hour = f.hour;
  if (f.pm >= 0 || f.twelve_hour) {
    if (hour < 0 || hour > 12) return std::nullopt;
    if (hour == 12) hour = 0;
    if (f.pm == 1) hour += 12;
  }
  auto t = make_date_time(f.year, f.month, f.day, hour, f.minute, f.second, f.fraction);
  if (!t) return std::nullopt;
  if (f.offset) t->instant -= Ticks{static_cast<std::int64_t>(*f.offset) * kTicksPerMinute};
  if (!in_range(*t)) return std::nullopt;
  return t;
}

bool read_time(Cursor& c, Fields& f) {
  auto h = c.digits(1, 2);
  if (!h || !c.eat(':')) return false;
  auto m = c.digits(2, 2);
  if (!m) return false;
  f.hour = *h;
  f.minute = *m;
  if (c.eat(':')) {
    auto s = c.digits(2, 2);
    if (!s) return false;
    f.second = *s;
    if (c.peek() == '.' || c.peek() == ',') {
      ++c.at;
      auto fr = c.fraction(1, 64);
      if (!fr) return false;
      f.fraction = *fr;
    }
  }
  std::size_t before = c.at;
  c.skip_space();
  static constexpr std::array<std::string_view, 2> kDesignators = {"AM", "PM"};
  if (auto d = c.word(kDesignators, 0)) {
    f.pm = *d;
  } else {
    c.at = before;
  }
  return true;
}

bool read_tail(Cursor& c, Fields& f) {
  std::size_t before = c.at;
  c.skip_space();
  if (auto off = read_offset(c, true)) {
    f.offset = off;
  } else {
    c.at = before;
  }
  c.skip_space();
  return c.done();
}

std::optional<DateTime> parse_iso(std::string_view text) {
  Cursor c{text};
  Fields f;
  auto y = c.digits(4, 4);
  if (!y) return std::nullopt;
  char sep = c.peek();
  if (sep != '-' && sep != '/') return std::nullopt;
  ++c.at;
  auto m = c.digits(1, 2);
  if (!m || !c.eat(sep)) return std::nullopt;
  auto d = c.digits(1, 2);
  if (!d) return std::nullopt;
  f.year = *y;
  f.month = *m;
  f.day = *d;
  if ((c.peek() == 'T' || c.peek() == ' ') && c.at + 1 < text.size() && text[c.at + 1] >= '0' &&
      text[c.at + 1] <= '9') {
    ++c.at;
    if (!read_time(c, f)) return std::nullopt;
  }
  if (!read_tail(c, f)) return std::nullopt;
  return to_instant(f);
}

std::optional<DateTime> parse_us(std::string_view text) {
  Cursor c{text};
  Fields f;
  auto m = c.digits(1, 2);
  if (!m || !c.eat('/')) return std::nullopt;
  auto d = c.digits(1, 2);
  if (!d || !c.eat('/')) return std::nullopt;
  auto y = c.digits(4, 4);
  if (!y) return std::nullopt;
  f.year = *y;
  f.month = *m;
  f.day = *d;
  std::size_t before = c.at;
  c.skip_space();
  if (c.at > before && c.peek() >= '0' && c.peek() <= '9') {
    if (!read_time(c, f)) return std::nullopt;
  } else {
    c.at = before;
  }
  if (!read_tail(c, f)) return std::nullopt;
  return to_instant(f);
}

// A run of one format character: "yyyy" -> ('y', 4).
struct Token {
  char letter = 0;
  int count = 0;
  std::string literal;  // for quoted text, escapes and other characters
};

// The custom format behind a one-character .NET standard format, or the format.
std::string_view expand_standard(std::string_view format) {
  if (format.size() != 1) return format;
  switch (format[0]) {
    case 'd': return "M/d/yyyy";
    case 'D': return "dddd, MMMM d, yyyy";
    case 'f': return "dddd, MMMM d, yyyy h:mm tt";
    case 'F': return "dddd, MMMM d, yyyy h:mm:ss tt";
    case 'g': return "M/d/yyyy h:mm tt";
    case 'G': return "M/d/yyyy h:mm:ss tt";
    case 'm': case 'M': return "MMMM d";
    case 'o': case 'O': return "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
    case 'r': case 'R': return "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
    case 's': return "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
    case 't': return "h:mm tt";
    case 'T': return "h:mm:ss tt";
    case 'u': return "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
    case 'y': case 'Y': return "MMMM yyyy";
    default: return format;
  }
}

bool is_specifier(char c) {
  return c == 'y' || c == 'M' || c == 'd' || c == 'h' || c == 'H' || c == 'm' || c == 's' || c == 'f' ||
         c == 'F' || c == 't' || c == 'z' || c == 'K' || c == 'g';
}

// Splits a custom format into tokens (quoted literals, `\x`, `%x`, runs).
std::vector<Token> tokenize(std::string_view format) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < format.size();) {
    char c = format[i];
    Token t;
    if (c == '\'' || c == '"') {
      std::size_t close = format.find(c, i + 1);
      if (close == std::string_view::npos) close = format.size();
      t.literal = std::string(format.substr(i + 1, close - i - 1));
      i = std::min(close + 1, format.size());
    } else if (c == '\\') {
      t.literal = i + 1 < format.size() ? std::string(1, format[i + 1]) : std::string("\\");
      i += 2;
    } else if (c == '%' && i + 1 < format.size() && is_specifier(format[i + 1])) {
      t.letter = format[i + 1];
      t.count = 1;
      i += 2;
    } else if (is_specifier(c) && c != 'K') {
      std::size_t j = i;
      while (j < format.size() && format[j] == c) ++j;
      t.letter = c;
      t.count = static_cast<int>(j - i);
      i = j;
    } else if (c == 'K') {
      t.letter = 'K';
      t.count = 1;
      ++i;
    } else {
      t.literal = std::string(1, c);
      ++i;
    }
    out.push_back(std::move(t));
  }
  return out;
}

bool read_token(Cursor& c, const Token& t, Fields& f) {
  switch (t.letter) {
    case 'y': {
      auto v = t.count <= 2 ? c.digits(t.count == 1 ? 1 : 2, 2) : c.digits(t.count, t.count);
      if (!v) return false;
      f.year = t.count <= 2 ? (*v < 30 ? 2000 + *v : 1900 + *v) : *v;
      return true;
    }
    case 'M': {
      if (t.count >= 3) {
        auto v = c.word(kMonthNames, t.count == 3 ? 3 : 0);
        if (!v) return false;
        f.month = *v + 1;
        return true;
      }
      auto v = c.digits(t.count == 1 ? 1 : 2, 2);
      if (!v) return false;
      f.month = *v;
      return true;
    }
    case 'd': {
      if (t.count >= 3) return c.word(kDayNames, t.count == 3 ? 3 : 0).has_value();
      auto v = c.digits(t.count == 1 ? 1 : 2, 2);
      if (!v) return false;
      f.day = *v;
      return true;
    }
    case 'h': case 'H': case 'm': case 's': {
      auto v = c.digits(t.count == 1 ? 1 : 2, 2);
      if (!v) return false;
      if (t.letter == 'h') {
        f.hour = *v;
        f.twelve_hour = true;
      } else if (t.letter == 'H') {
        f.hour = *v;
      } else if (t.letter == 'm') {
        f.minute = *v;
      } else {
        f.second = *v;
      }
      return true;
    }
    case 'f': case 'F': {
      if (t.count > 7) return false;
      auto v = c.fraction(t.letter == 'f' ? t.count : 0, t.count);
      if (!v) return false;
      f.fraction = *v;
      return true;
    }
    case 't': {
      static constexpr std::array<std::string_view, 2> kDesignators = {"AM", "PM"};
      auto v = c.word(kDesignators, t.count == 1 ? 1 : 0);
      if (!v) return false;
      f.pm = *v;
      return true;
    }
    case 'z': case 'K': {
      if (t.letter == 'K' && (c.done() || (c.peek() != '+' && c.peek() != '-' && c.peek() != 'Z'))) return true;
      auto off = read_offset(c, true);
      if (!off) return false;
      f.offset = off;
      return true;
    }
    case 'g':
      return c.eat('A') && c.eat('.') && c.eat('D') && c.eat('.');
    default:
      break;
  }
  for (char ch : t.literal) {
    if (is_space(ch)) {
      if (!is_space(c.peek())) return false;
      c.skip_space();
    } else if (!c.eat(ch)) {
      return false;
    }
  }
  return true;
}

void write_token(std::string& out, const Token& t, const Civil& c) {
  switch (t.letter) {
    case 'y':
      if (t.count <= 2) append_padded(out, c.year % 100, t.count);
      else append_padded(out, c.year, t.count);
      return;
    case 'M':
      if (t.count == 3) out += kMonthNames[static_cast<std::size_t>(c.month - 1)].substr(0, 3);
      else if (t.count >= 4) out += kMonthNames[static_cast<std::size_t>(c.month - 1)];
      else append_padded(out, c.month, t.count);
      return;
    case 'd':
      if (t.count == 3) out += kDayNames[static_cast<std::size_t>(c.weekday)].substr(0, 3);
      else if (t.count >= 4) out += kDayNames[static_cast<std::size_t>(c.weekday)];
      else append_padded(out, c.day, t.count);
      return;
    case 'h': append_padded(out, c.hour % 12 == 0 ? 12 : c.hour % 12, std::min(t.count, 2)); return;
    case 'H': append_padded(out, c.hour, std::min(t.count, 2)); return;
    case 'm': append_padded(out, c.minute, std::min(t.count, 2)); return;
    case 's': append_padded(out, c.second, std::min(t.count, 2)); return;
    case 'f': case 'F': {
      std::string digits;
      append_padded(digits, c.fraction, 7);
      digits.resize(static_cast<std::size_t>(std::min(t.count, 7)));
      if (t.letter == 'F') {
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        if (digits.empty() && !out.empty() && out.back() == '.') out.pop_back();
      }
      out += digits;
      return;
    }
    case 't': out += t.count == 1 ? (c.hour < 12 ? "A" : "P") : (c.hour < 12 ? "AM" : "PM"); return;
    case 'z': out += t.count == 1 ? "+0" : t.count == 2 ? "+00" : "+00:00"; return;
    case 'K': out += 'Z'; return;
    case 'g': out += "A.D."; return;
    default: out += t.literal; return;
  }
}

std::optional<DateTime> add_months(DateTime t, std::int64_t months) {
  if (months > 120'000 || months < -120'000) return std::nullopt;
  Civil c = civil(t);
  std::int64_t total = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1) + months;
  std::int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
  int m = static_cast<int>(total - y * 12) + 1;
  if (y < 1 || y > 9999) return std::nullopt;
  int d = std::min(c.day, days_in_month(static_cast<int>(y), m));
  return make_date_time(static_cast<int>(y), m, d, c.hour, c.minute, c.second, c.fraction);
}

std::optional<DateTime> add_ticks(DateTime t, std::int64_t amount, std::int64_t unit) {
  constexpr std::int64_t kSpan = 4'000'000 * kTicksPerDay;  // more than the whole range
  if (amount > kSpan / unit || amount < -kSpan / unit) return std::nullopt;
  DateTime out{t.instant + Ticks{amount * unit}};
  if (!in_range(out)) return std::nullopt;
  return out;
}

}  // namespace

bool in_range(DateTime t) { return t >= kMin && t <= kMax; }

std::optional<DateTime> make_date_time(int y, int mo, int d, int h, int mi, int s, std::int64_t fraction) {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || fraction < 0 || fraction >= kTicksPerSecond)
    return std::nullopt;
  sys_days day_point{year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)}};
  std::int64_t tod = h * kTicksPerHour + mi * kTicksPerMinute + s * kTicksPerSecond + fraction;
  return DateTime{time_point_cast<Ticks>(day_point) + Ticks{tod}};
}

DateTime from_sys_seconds(sys_seconds t) { return DateTime{time_point_cast<Ticks>(t)}; }

sys_seconds to_sys_seconds(DateTime t) { return floor<seconds>(t.instant); }

void append_general(std::string& out, DateTime t) {
  Civil c = civil(t);
  char buffer[48];
  int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  int n = std::snprintf(buffer, sizeof buffer, "%d/%d/%04d %d:%02d:%02d %s", c.month, c.day, c.year, hour12,
                        c.minute, c.second, c.hour < 12 ? "AM" : "PM");
  out.append(buffer, static_cast<std::size_t>(n));
}

std::string format_general(DateTime t) {
  std::string out;
  append_general(out, t);
  return out;
}

std::optional<DateTime> parse_general(std::string_view text) {
  text = trim(text);
  if (auto t = parse_iso(text)) return t;
  return parse_us(text);
}

std::optional<DateTime> parse_exact(std::string_view text, std::string_view format, std::string& error) {
  if (format.empty()) {
    error = "the input format is empty";
    return std::nullopt;
  }
  Cursor c{trim(text)};
  Fields f;
  for (const Token& t : tokenize(expand_standard(format))) {
    if (!read_token(c, t, f)) {
      error = "'" + std::string(text) + "' does not match the format '" + std::string(format) + "'";
      return std::nullopt;
    }
  }
  if (!c.done()) {
    error = "'" + std::string(text) + "' has text after the format '" + std::string(format) + "'";
    return std::nullopt;
  }
  auto out = to_instant(f);
  if (!out) error = "'" + std::string(text) + "' is not a valid date for the format '" + std::string(format) + "'";
  return out;
}

std::string format_custom(DateTime t, std::string_view format) {
  if (format.empty()) return format_general(t);
  Civil c = civil(t);
  std::string out;
  for (const Token& token : tokenize(expand_standard(format))) write_token(out, token, c);
  return out;
}

std::optional<Interval> parse_interval(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, Interval>, 10> kCodes = {{
      {"yyyy", Interval::Year}, {"q", Interval::Quarter}, {"m", Interval::Month}, {"y", Interval::DayOfYear},
      {"d", Interval::Day}, {"w", Interval::Weekday}, {"ww", Interval::Week}, {"h", Interval::Hour},
      {"n", Interval::Minute}, {"s", Interval::Second},
  }};
  for (const auto& [name, interval] : kCodes)
    if (iequals(code, name)) return interval;
  return std::nullopt;
}

std::optional<DateTime> add_interval(Interval interval, std::int64_t amount, DateTime t) {
  switch (interval) {
    case Interval::Year: return add_months(t, amount > 10'000 || amount < -10'000 ? 200'000 : amount * 12);
    case Interval::Quarter: return add_months(t, amount > 40'000 || amount < -40'000 ? 200'000 : amount * 3);
    case Interval::Month: return add_months(t, amount);
    case Interval::DayOfYear: case Interval::Day: case Interval::Weekday: return add_ticks(t, amount, kTicksPerDay);
    case Interval::Week: return add_ticks(t, amount, 7 * kTicksPerDay);
    case Interval::Hour: return add_ticks(t, amount, kTicksPerHour);
    case Interval::Minute: return add_ticks(t, amount, kTicksPerMinute);
    case Interval::Second: return add_ticks(t, amount, kTicksPerSecond);
  }
  return std::nullopt;
}

std::int64_t diff_interval(Interval interval, DateTime a, DateTime b) {
  std::int64_t elapsed = (b.instant - a.instant).count();
  Civil ca = civil(a), cb = civil(b);
  switch (interval) {
    case Interval::Year: return cb.year - ca.year;
    case Interval::Quarter: return (cb.year - ca.year) * 4 + (cb.month - 1) / 3 - (ca.month - 1) / 3;
    case Interval::Month: return (cb.year - ca.year) * 12 + cb.month - ca.month;
    case Interval::DayOfYear: case Interval::Day: return elapsed / kTicksPerDay;
    case Interval::Weekday: return elapsed / kTicksPerDay / 7;
    case Interval::Week: {
      std::int64_t a_start = a.instant.time_since_epoch().count() - ca.weekday * kTicksPerDay;
      std::int64_t b_start = b.instant.time_since_epoch().count() - cb.weekday * kTicksPerDay;
      return (b_start - a_start) / kTicksPerDay / 7;
    }
    case Interval::Hour: return elapsed / kTicksPerHour;
    case Interval::Minute: return elapsed / kTicksPerMinute;
    case Interval::Second: return elapsed / kTicksPerSecond;
  }
  return 0;
}

std::optional<DateTime> from_filetime(std::int64_t filetime) {
  if (filetime < 0) return std::nullopt;
  DateTime out{sys_time<Ticks>{Ticks{filetime - kFiletimeToUnix}}};
  if (!in_range(out)) return std::nullopt;
  return out;
}

std::int64_t to_filetime(DateTime t) { return t.instant.time_since_epoch().count() + kFiletimeToUnix; }

}  // namespace tf::expr
