#include "core/timex_calendar.hpp"

namespace eg {

// Howard Hinnant's civil-from-days algorithms (public domain).
int64_t days_from_civil(CivilDate c) {
  const int64_t y = c.m <= 2 ? c.y - 1 : c.y;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = c.m > 2 ? c.m - 3 : c.m + 9;
  const int64_t doy = (153 * mp + 2) / 5 + c.d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

int weekday_of(int64_t days) {
  const int64_t r = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(r) + 1;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

IsoWeek iso_week(int64_t days) {
  const int64_t thursday = days - weekday_of(days) + 4;
  const int year = civil_from_days(thursday).y;
  const int64_t jan1 = days_from_civil({year, 1, 1});
  return {year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

std::optional<CivilDate> parse_iso_date(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t b, size_t n) {
    int v = 0;
    for (size_t i = b; i < b + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const CivilDate c{digits(0, 4), digits(5, 2), digits(8, 2)};
  if (c.y < 0 || c.m < 1 || c.m > 12 || c.d < 1 || c.d > days_in_month(c.y, c.m))
    return std::nullopt;
  return c;
}

CivilDate add_months(CivilDate c, int n) {
  int idx = c.y * 12 + (c.m - 1) + n;
  CivilDate r{idx / 12, idx % 12 + 1, c.d};
  if (idx < 0) r = {(idx - 11) / 12, ((idx % 12) + 12) % 12 + 1, c.d};
  const int dim = days_in_month(r.y, r.m);
  if (r.d > dim) r.d = dim;
  return r;
}

std::optional<DayRange> date_value_days(std::string_view v) {
  if (v.size() >= 10) {
    if (auto d = parse_iso_date(v.substr(0, 10))) {
      const int64_t x = days_from_civil(*d);
      return DayRange{x, x};
    }
    return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int x = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (i >= v.size() || v[i] < '0' || v[i] > '9') return -1;
      x = x * 10 + (v[i] - '0');
    }
    return x;
  };
  const int y = num(0, 4);
  if (y < 0) return std::nullopt;
  if (v.size() == 4) return DayRange{days_from_civil(CivilDate{y, 1, 1}), days_from_civil(CivilDate{y, 12, 31})};
  if (v.size() == 7 && v[4] == '-') {
    const int m = num(5, 2);
    if (m < 1 || m > 12) return std::nullopt;
    return DayRange{days_from_civil(CivilDate{y, m, 1}), days_from_civil(CivilDate{y, m, days_in_month(y, m)})};
  }
  return std::nullopt;
}

}  // namespace eg
