#pragma once
// Proleptic Gregorian calendar arithmetic for time normalisation: day numbers, weekdays, ISO
// weeks, month/year shifts. Pure functions, no allocation.

#include <cstdint>
#include <optional>
#include <string_view>

namespace eg {

struct CivilDate {
  int y = 1970;
  int m = 1;  ///< 1..12
  int d = 1;  ///< 1..31
  friend bool operator==(CivilDate, CivilDate) = default;
};

/// Days since 1970-01-01 (negative before).
[[nodiscard]] int64_t days_from_civil(CivilDate c);

/// Inverse of days_from_civil.
[[nodiscard]] CivilDate civil_from_days(int64_t days);

/// ISO weekday of a day number: 1 = Monday ... 7 = Sunday.
[[nodiscard]] int weekday_of(int64_t days);

/// True for Gregorian leap years.
[[nodiscard]] bool is_leap(int y);

/// Days in month `m` of year `y`.
[[nodiscard]] int days_in_month(int y, int m);

struct IsoWeek {
  int year = 0;
  int week = 0;  ///< 1..53
};

/// ISO 8601 week of a day number (week 1 holds the year's first Thursday).
[[nodiscard]] IsoWeek iso_week(int64_t days);

/// Parses "YYYY-MM-DD" (more may follow, e.g. "T10:00"); nullopt when not a valid date.
[[nodiscard]] std::optional<CivilDate> parse_iso_date(std::string_view s);

/// Adds `n` months, clamping the day to the target month's length.
[[nodiscard]] CivilDate add_months(CivilDate c, int n);

/// An inclusive range of day numbers (days_from_civil).
struct DayRange {
  int64_t first = 0;
  int64_t last = 0;
};

/// The days a TimeML date value covers: a day ("2021-06-28", a time part ignored), a month
/// ("2021-06") or a year ("2021"); std::nullopt for anything else (weeks, quarters, seasons,
/// references) and for impossible dates.
[[nodiscard]] std::optional<DayRange> date_value_days(std::string_view v);

}  // namespace eg
