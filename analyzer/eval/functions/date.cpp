// Date functions: dateTimeAdd, dateTimeFromEpoch, dateTimeToEpoch (utcNow is with the deployment
// functions: it is unknown offline). Times are UTC ticks (100 ns) within .NET's DateTime range, years
// 1 to 9999. [src: learn.microsoft.com template-functions-date, ms.date 08/08/2025]
#include <cstdio>
#include <string>

#include "eval/functions/function_support.h"

namespace vl {

namespace {

constexpr std::int64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kTicksPerDay = 86'400 * kTicksPerSecond;
constexpr std::int64_t kMinDay = -719'162;        // 0001-01-01, in days from 1970-01-01
constexpr std::int64_t kMaxDay = 2'932'896;       // 9999-12-31

// Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day, hour, minute, second;
  std::int64_t fraction;  // ticks within the second
  unsigned weekday;       // 0 = Sunday
};

Civil civil_from_ticks(std::int64_t ticks) {
  std::int64_t days = ticks >= 0 ? ticks / kTicksPerDay : -((-ticks + kTicksPerDay - 1) / kTicksPerDay);
  std::int64_t rest = ticks - days * kTicksPerDay;
  std::int64_t z = days + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  Civil c{};
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2);
  std::int64_t seconds = rest / kTicksPerSecond;
  c.fraction = rest % kTicksPerSecond;
  c.hour = static_cast<unsigned>(seconds / 3600);
  c.minute = static_cast<unsigned>(seconds / 60 % 60);
  c.second = static_cast<unsigned>(seconds % 60);
  c.weekday = static_cast<unsigned>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  return c;
}

bool in_range(std::int64_t ticks) { return ticks >= kMinDay * kTicksPerDay && ticks < (kMaxDay + 1) * kTicksPerDay; }

// Reads `count` digits at s[i].
bool digits(std::string_view s, std::size_t& i, std::size_t count, std::int64_t& out) {
  if (i + count > s.size()) return false;
  out = 0;
  for (std::size_t k = 0; k < count; ++k) {
    char ch = s[i + k];
    if (ch < '0' || ch > '9') return false;
    out = out * 10 + (ch - '0');
  }
  i += count;
  return true;
}

bool accept(std::string_view s, std::size_t& i, char ch) {
  if (i < s.size() && s[i] == ch) {
    ++i;
    return true;
  }
  return false;
}

// ISO 8601 date-times as ARM templates write them: 2020-04-07T14:53:14Z, 2020-04-07 14:53:14Z (the 'u'
// format), 2020-04-07T14:53:14.1234567+02:00, 2020-04-07, and utcNow()'s 20190305T175318Z. Without an
// offset the time is taken as UTC.
std::optional<std::int64_t> parse_datetime(std::string_view s) {
  std::size_t i = 0;
  std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, frac = 0;
  bool extended = s.size() > 4 && s[4] == '-';
  if (!digits(s, i, 4, y) || (extended && !accept(s, i, '-')) || !digits(s, i, 2, mo) ||
      (extended && !accept(s, i, '-')) || !digits(s, i, 2, d)) {
    return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || (s[i] == ' ' && extended))) {
    ++i;
    if (!digits(s, i, 2, h) || (extended && !accept(s, i, ':')) || !digits(s, i, 2, mi)) return std::nullopt;
    if ((extended && accept(s, i, ':')) || (!extended && i < s.size() && s[i] >= '0' && s[i] <= '9')) {
      if (!digits(s, i, 2, sec)) return std::nullopt;
      if (accept(s, i, '.') || accept(s, i, ',')) {
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
          if (i - start < 7) frac = frac * 10 + (s[i] - '0');
          ++i;
        }
        if (i == start) return std::nullopt;
        for (std::size_t k = i - start; k < 7; ++k) frac *= 10;
      }
    }
  }
  std::int64_t offset_minutes = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    std::int64_t oh = 0, om = 0;
    if (!digits(s, i, 2, oh)) return std::nullopt;
    if (accept(s, i, ':') || (i < s.size() && s[i] >= '0' && s[i] <= '9')) {
      if (!digits(s, i, 2, om)) return std::nullopt;
    }
    if (oh > 14 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  }
  if (i != s.size()) return std::nullopt;
  static constexpr unsigned kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > kDaysIn[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 ||
      mi > 59 || sec > 59) {
    return std::nullopt;
  }
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t ticks = days * kTicksPerDay + ((h * 60 + mi - offset_minutes) * 60 + sec) * kTicksPerSecond + frac;
  if (!in_range(ticks)) return std::nullopt;
  return ticks;
}

// An ISO 8601 duration as .NET XmlConvert.ToTimeSpan reads it: [-]P[nY][nM][nD][T[nH][nM][n[.n]S]],
// where a year is 365 days and a month 30 ("P1Y should be interpreted as P365D, P1M as P30D").
// [src: template-functions-date#datetimeadd, Remarks]
std::optional<std::int64_t> parse_duration(std::string_view s) {
  std::size_t i = 0;
  bool negative = accept(s, i, '-');
  if (!accept(s, i, 'P')) return std::nullopt;
  static constexpr struct {
    char unit;
    bool time;
    std::int64_t ticks;
  } kUnits[] = {{'Y', false, 365 * kTicksPerDay}, {'M', false, 30 * kTicksPerDay}, {'D', false, kTicksPerDay},
                {'H', true, 3600 * kTicksPerSecond}, {'M', true, 60 * kTicksPerSecond}, {'S', true, kTicksPerSecond}};
  std::int64_t total = 0;
  bool in_time = false, any = false, any_time = false;
  std::size_t next_unit = 0;
  while (i < s.size()) {
    if (!in_time && accept(s, i, 'T')) {
      in_time = true;
      while (next_unit < 3) ++next_unit;
      continue;
    }
    std::int64_t n = 0;
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n > 100'000'000'000LL) return std::nullopt;
      n = n * 10 + (s[i++] - '0');
    }
    std::int64_t frac = 0;
    bool has_frac = false;
    if (i > start && accept(s, i, '.')) {
      has_frac = true;
      std::size_t fstart = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (i - fstart < 7) frac = frac * 10 + (s[i] - '0');
        ++i;
      }
      for (std::size_t k = i - fstart; k < 7; ++k) frac *= 10;
    }
    if (i == start || i >= s.size()) return std::nullopt;
    char unit = s[i++];
    while (next_unit < 6 && !(kUnits[next_unit].unit == unit && kUnits[next_unit].time == in_time)) ++next_unit;
    if (next_unit == 6 || (has_frac && unit != 'S')) return std::nullopt;
    std::int64_t part = 0;
    if (__builtin_mul_overflow(n, kUnits[next_unit].ticks, &part) || __builtin_add_overflow(total, part + frac, &total)) {
      return std::nullopt;
    }
    ++next_unit;
    any = true;
    any_time = any_time || in_time;
  }
  if (!any || (in_time && !any_time)) return std::nullopt;
  return negative ? -total : total;
}

std::string two(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v);
  return buf;
}

std::string year_text(std::int64_t year, std::size_t width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", static_cast<int>(width), static_cast<long long>(year));
  return buf;
}

// The default text of a result: ISO 8601 in UTC, yyyy-MM-ddTHH:mm:ssZ with the fraction of a second
// only when there is one (dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y') is 2024-01-01T00:00:00Z).
std::string iso_text(std::int64_t ticks) {
  Civil t = civil_from_ticks(ticks);
  std::string out = year_text(t.year, 4) + "-" + two(t.month) + "-" + two(t.day) + "T" + two(t.hour) + ":" +
                    two(t.minute) + ":" + two(t.second);
  if (t.fraction) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%07lld", static_cast<long long>(t.fraction));
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out + "Z";
}

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

// .NET custom date and time format strings in the invariant culture. nullopt for specifiers whose
// value an offline scan cannot know (z: the server's offset; g: era names).
std::optional<std::string> custom_format(std::int64_t ticks, std::string_view f) {
  Civil t = civil_from_ticks(ticks);
  std::string out;
  std::size_t i = 0;
  while (i < f.size()) {
    char ch = f[i];
    std::size_t run = 1;
    while (i + run < f.size() && f[i + run] == ch) ++run;
    switch (ch) {
      case 'y':
        out += run == 1 ? std::to_string(t.year % 100) : run == 2 ? two(static_cast<unsigned>(t.year % 100)) : year_text(t.year, run);
        break;
      case 'M':
        out += run == 1 ? std::to_string(t.month) : run == 2 ? two(t.month)
               : run == 3 ? std::string(kMonths[t.month - 1]).substr(0, 3) : kMonths[t.month - 1];
        break;
      case 'd':
        out += run == 1 ? std::to_string(t.day) : run == 2 ? two(t.day)
               : run == 3 ? std::string(kDays[t.weekday]).substr(0, 3) : kDays[t.weekday];
        break;
      case 'H':
        out += run == 1 ? std::to_string(t.hour) : two(t.hour);
        run = std::min<std::size_t>(run, 2);
        break;
      case 'h': {
        unsigned h12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
        out += run == 1 ? std::to_string(h12) : two(h12);
        run = std::min<std::size_t>(run, 2);
        break;
      }
      case 'm':
        out += run == 1 ? std::to_string(t.minute) : two(t.minute);
        run = std::min<std::size_t>(run, 2);
        break;
      case 's':
        out += run == 1 ? std::to_string(t.second) : two(t.second);
        run = std::min<std::size_t>(run, 2);
        break;
      case 'f':
      case 'F': {
        if (run > 7) return std::nullopt;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%07lld", static_cast<long long>(t.fraction));
        std::string frac(buf, run);
        if (ch == 'F') {
          while (!frac.empty() && frac.back() == '0') frac.pop_back();
          if (frac.empty() && !out.empty() && out.back() == '.') out.pop_back();
        }
        out += frac;
        break;
      }
      case 't':
        out += run == 1 ? (t.hour < 12 ? "A" : "P") : (t.hour < 12 ? "AM" : "PM");
        run = std::min<std::size_t>(run, 2);
        break;
      case 'K':
        out += "Z";
        run = 1;
        break;
      case 'z':
      case 'g':
        return std::nullopt;
      case '\'':
      case '"': {
        std::size_t close = f.find(ch, i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        out.append(f.substr(i + 1, close - i - 1));
        run = close - i + 1;
        break;
      }
      case '\\':
        if (i + 1 >= f.size()) return std::nullopt;
        out.push_back(f[i + 1]);
        run = 2;
        break;
      case '%':
        run = 1;
        break;
      default:
        out.push_back(ch);
        run = 1;
        break;
    }
    i += run;
  }
  return out;
}

// Standard format specifiers of the invariant culture (utcNow('d') gives 03/05/2019), or a custom one.
std::optional<std::string> format_datetime(std::int64_t ticks, std::string_view f) {
  if (f.size() == 1) {
    switch (f[0]) {
      case 'o':
      case 'O': return custom_format(ticks, "yyyy-MM-ddTHH:mm:ss.fffffffK");
      case 'u': return custom_format(ticks, "yyyy-MM-dd HH:mm:ssK");
      case 's': return custom_format(ticks, "yyyy-MM-ddTHH:mm:ss");
      case 'r':
      case 'R': return custom_format(ticks, "ddd, dd MMM yyyy HH:mm:ss 'GMT'");
      case 'd': return custom_format(ticks, "MM/dd/yyyy");
      case 'D': return custom_format(ticks, "dddd, dd MMMM yyyy");
      case 't': return custom_format(ticks, "HH:mm");
      case 'T': return custom_format(ticks, "HH:mm:ss");
      case 'f': return custom_format(ticks, "dddd, dd MMMM yyyy HH:mm");
      case 'F': return custom_format(ticks, "dddd, dd MMMM yyyy HH:mm:ss");
      case 'g': return custom_format(ticks, "MM/dd/yyyy HH:mm");
      case 'G': return custom_format(ticks, "MM/dd/yyyy HH:mm:ss");
      case 'm':
      case 'M': return custom_format(ticks, "MMMM dd");
      case 'y':
      case 'Y': return custom_format(ticks, "yyyy MMMM");
      default: return std::nullopt;  // one letter that is not a standard specifier is an error in .NET
    }
  }
  return custom_format(ticks, f);
}

// dateTimeAdd(base, duration, [format]). Leap years are not considered: a year is 365 days.
Value date_time_add_fn(ArmCallContext& c) {
  const std::string* base = fn::string_arg(c, 0);
  const std::string* duration = fn::string_arg(c, 1);
  if (!base) return fn::wrong_type(c, 0, "a string");
  if (!duration) return fn::wrong_type(c, 1, "a string");
  auto start = parse_datetime(*base);
  if (!start) return c.fail("'" + *base + "' is not an ISO 8601 date and time");
  auto span = parse_duration(*duration);
  if (!span) return c.fail("'" + *duration + "' is not an ISO 8601 duration");
  std::int64_t ticks = 0;
  if (__builtin_add_overflow(*start, *span, &ticks) || !in_range(ticks)) {
    return c.fail("the result is outside the years 1 to 9999");
  }
  if (c.args.size() < 3) return c.string(iso_text(ticks));
  const std::string* format = fn::string_arg(c, 2);
  if (!format) return fn::wrong_type(c, 2, "a format string");
  auto text = format_datetime(ticks, *format);
  if (!text) return c.fail("the format '" + *format + "' is not supported");
  return c.string(std::move(*text));
}

// dateTimeFromEpoch(1683040573) is 2023-05-02T15:16:13Z. [src: template-functions-date#datetimefromepoch]
Value date_time_from_epoch_fn(ArmCallContext& c) {
  auto seconds = fn::int_arg(c, 0);
  if (!seconds) return fn::wrong_type(c, 0, "an integer");
  std::int64_t ticks = 0;
  if (__builtin_mul_overflow(*seconds, kTicksPerSecond, &ticks) || !in_range(ticks)) {
    return c.fail("the time is outside the years 1 to 9999");
  }
  return c.string(iso_text(ticks));
}

// dateTimeToEpoch: whole seconds since 1970-01-01T00:00:00Z (a fraction of a second is dropped).
Value date_time_to_epoch_fn(ArmCallContext& c) {
  const std::string* text = fn::string_arg(c, 0);
  if (!text) return fn::wrong_type(c, 0, "a string");
  auto ticks = parse_datetime(*text);
  if (!ticks) return c.fail("'" + *text + "' is not an ISO 8601 date and time");
  std::int64_t t = *ticks;
  return c.integer(t >= 0 ? t / kTicksPerSecond : -((-t + kTicksPerSecond - 1) / kTicksPerSecond));
}

}  // namespace

void register_date_functions(FunctionTable& t) {
  t.add({"dateTimeAdd", 2, 3, false, date_time_add_fn});
  t.add({"dateTimeFromEpoch", 1, 1, false, date_time_from_epoch_fn});
  t.add({"dateTimeToEpoch", 1, 1, false, date_time_to_epoch_fn});
}

}  // namespace vl
