// Temporal tagging: recognition and news-style normalisation against a fixed DCT.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/segmenter.hpp"
#include "core/timex.hpp"
#include "core/timex_calendar.hpp"

namespace {

const eg::TimexTagger& tagger() {
  static const eg::TimexTagger t(std::filesystem::path(EG_TEST_SOURCE_DIR) / "core" / "data");
  return t;
}

std::vector<eg::Timex> run(const std::string& text, std::string_view dct) {
  eg::Annotations ann;
  eg::segment(text, ann);
  return tagger().tag(text, ann, dct);
}

// The single timex whose text is `what`; fails the test when absent.
eg::Timex find(const std::string& text, std::string_view dct, std::string_view what) {
  for (const auto& t : run(text, dct))
    if (t.span.of(text) == what) return t;
  FAIL_CHECK("no timex '" << what << "' in: " << text);
  return {};
}

std::string value(const std::string& text, std::string_view dct, std::string_view what) {
  return find(text, dct, what).value;
}

// Each row: text, DCT, the expression, its expected value.
struct ValueCase {
  const char* text;
  const char* dct;
  const char* what;
  const char* expected;
};
void check_values(std::initializer_list<ValueCase> cases) {
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(value(c.text, c.dct, c.what) == c.expected);
  }
}

}  // namespace

TEST_CASE("calendar: leap years, ISO weeks, weekdays") {
  CHECK(eg::is_leap(2000));
  CHECK_FALSE(eg::is_leap(1900));
  CHECK(eg::days_in_month(2020, 2) == 29);
  CHECK(eg::days_in_month(2021, 2) == 28);
  const auto d = [](int y, int m, int dd) { return eg::days_from_civil({y, m, dd}); };
  CHECK(eg::civil_from_days(d(2020, 2, 29)) == eg::CivilDate{2020, 2, 29});
  CHECK(eg::weekday_of(d(2021, 6, 28)) == 1);  // a Monday
  CHECK(eg::iso_week(d(2021, 1, 3)).year == 2020);
  CHECK(eg::iso_week(d(2021, 1, 3)).week == 53);
  CHECK(eg::iso_week(d(2013, 3, 14)).week == 11);
  CHECK(eg::iso_week(d(2008, 12, 29)).year == 2009);
  CHECK_FALSE(eg::parse_iso_date("2021-02-29").has_value());
  CHECK(eg::add_months({2021, 3, 31}, -1) == eg::CivilDate{2021, 2, 28});
}

TEST_CASE("absolute dates") {
  CHECK(value("The deal was signed on June 28, 2021 in Vienna.", "2021-07-01", "June 28, 2021") ==
        "2021-06-28");
  CHECK(value("It was filed on 28/06/2021.", "", "28/06/2021") == "2021-06-28");
  CHECK(value("The report is dated 1998-01-08.", "", "1998-01-08") == "1998-01-08");
  CHECK(value("The war began in 2014.", "", "2014") == "2014");
  CHECK(value("Elections were held on 29 February 2020.", "", "29 February 2020") == "2020-02-29");
  CHECK(value("Sales fell in March 1998.", "", "March 1998") == "1998-03");
  CHECK(value("Prices soared in the 1990s.", "", "the 1990s") == "199");
}

TEST_CASE("weekdays follow the news rules") {
  const std::string past = "Rebels attacked the town on Friday, officials said.";
  CHECK(value(past, "2021-06-25", "Friday") == "2021-06-25");  // a Friday story
  CHECK(value(past, "2021-06-28", "Friday") == "2021-06-25");
  CHECK(value("The minister will visit Paris on Friday.", "2021-06-28", "Friday") == "2021-07-02");
  CHECK(value("The talks collapsed last Friday.", "2021-06-25", "last Friday") == "2021-06-18");
  // A plan in the past perfect is over: the Friday before a Monday story, not the next one.
  CHECK(value("The truce had been due to expire on Friday.", "2021-06-28", "Friday") ==
        "2021-06-25");
  CHECK(value("The truce is due to expire on Friday.", "2021-06-28", "Friday") == "2021-07-02");
  CHECK(value("Police said Monday that two men were held.", "2021-06-30", "Monday") ==
        "2021-06-28");
}

TEST_CASE("months without a year") {
  CHECK(value("The storm struck the coast on December 12.", "2021-01-10", "December 12") ==
        "2020-12-12");
  CHECK(value("The summit will open on January 5.", "2020-12-20", "January 5") == "2021-01-05");
  CHECK(value("The vote is due in mid-March.", "2021-02-01", "mid-March") == "2021-03");
  CHECK(find("The vote is due in mid-March.", "2021-02-01", "mid-March").mod == "MID");
  CHECK(find("Fighting resumed in early December.", "2021-12-20", "early December").mod == "START");
}

TEST_CASE("relative expressions") {
  CHECK(value("The strike came two days ago.", "2021-06-28", "two days ago") == "2021-06-26");
  CHECK(value("Troops left a week before March 10, 2021.", "2021-06-28",
              "a week before March 10, 2021") == "2021-03-03");
  CHECK(value("Talks resume next week.", "2013-03-14", "next week") == "2013-W12");
  CHECK(value("Talks ended this week.", "2020-12-31", "this week") == "2020-W53");
  CHECK(value("Profits rose last year.", "2021-06-28", "last year") == "2020");
  CHECK(value("Prices rose this month.", "2021-06-28", "this month") == "2021-06");
  CHECK(value("He arrived yesterday.", "2021-03-01", "yesterday") == "2021-02-28");
  CHECK(value("He arrived yesterday.", "2020-03-01", "yesterday") == "2020-02-29");
  CHECK(value("The fighting is over now.", "2021-06-28", "now") == "PRESENT_REF");
  CHECK(value("He recently resigned.", "2021-06-28", "recently") == "PAST_REF");
  CHECK(value("Nobody knows what the future holds.", "2021-06-28", "the future") == "FUTURE_REF");
  CHECK(value("Sales fell in the third quarter.", "1998-10-15", "the third quarter") == "1998-Q3");
  CHECK(value("Revenue in fiscal 1998 grew.", "1999-01-15", "fiscal 1998") == "1998");
  CHECK(value("Ceasefire talks failed this summer.", "2012-09-01", "this summer") == "2012-SU");
}

TEST_CASE("spoken years, holidays, times attached to a day, period ends") {
  CHECK(value("In January nineteen ninety-seven it rained.", "2021-06-28",
              "January nineteen ninety-seven") == "1997-01");
  CHECK(value("They celebrated Thanksgiving Day.", "2021-11-30", "Thanksgiving Day") ==
        "2021-11-25");
  CHECK(value("Last Thanksgiving was cold.", "2021-11-20", "Last Thanksgiving") == "2020-11-26");
  CHECK(value("The ferry sank at 10 p.m. Tuesday.", "2021-11-20", "10 p.m. Tuesday") ==
        "2021-11-16T22:00");
  const auto end = find("Talks resume at the end of the year.", "2021-06-28", "the end of the year");
  CHECK(end.value == "2021");
  CHECK(end.mod == "END");
  CHECK(value("Profits fell a year ago, the firm said of its third-quarter results.", "1989-10-26",
              "a year ago") == "1988-Q3");
  CHECK(value("The dividend is payable Dec. 7, the board said.", "1989-11-02", "Dec. 7") ==
        "1989-12-07");
}

TEST_CASE("relative expressions without a DCT stay unresolved") {
  const auto t = find("He arrived yesterday.", "", "yesterday");
  CHECK(t.value.empty());
  CHECK(value("The treaty of June 28, 2021 holds.", "", "June 28, 2021") == "2021-06-28");
}

TEST_CASE("durations, sets and times") {
  auto d = find("The siege lasted four years.", "2021-06-28", "four years");
  CHECK(d.type == eg::TimexType::DURATION);
  CHECK(d.value == "P4Y");
  CHECK(value("Power was cut for 24 hours.", "2021-06-28", "24 hours") == "PT24H");
  CHECK(value("Prices rose over the past several months.", "2021-06-28",
              "the past several months") == "PXM");
  CHECK(value("It signed a two-year contract.", "2021-06-28", "two-year") == "P2Y");
  auto s = find("Protesters gather every Friday.", "2021-06-28", "every Friday");
  CHECK(s.type == eg::TimexType::SET);
  CHECK(s.value == "XXXX-WXX-5");
  CHECK(value("The paper is printed daily.", "2021-06-28", "daily") == "P1D");
  auto t = find("The blast came at 4:49 p.m. local time.", "2021-06-28", "4:49 p.m.");
  CHECK(t.type == eg::TimexType::TIME);
  CHECK(t.value == "2021-06-28T16:49");
  CHECK(value("Shelling began late Friday night.", "2021-06-28", "late Friday night") ==
        "2021-06-25");
  CHECK(value("Talks resumed this morning.", "2021-06-28", "this morning") == "2021-06-28TMO");
}

TEST_CASE("things that are not dates") {
  for (const char* text : {"Covid-19 cases rose among F-16 pilots.",
                           "The convoy travelled 16km north.", "A 747 landed safely.",
                           "Prices may fall further.", "Veterans plan to march on the capital.",
                           "The 47-year-old was detained.", "He is 30 years old.",
                           "Inflation hit 12 percent and $2000 was lost.", "He won a second term.",
                           "More than a quarter of voters stayed home.",
                           "The Sunday Times reported the deal."}) {
    CAPTURE(text);
    CHECK(run(text, "2021-06-28").empty());
  }
}

TEST_CASE("results are sorted and do not overlap") {
  const std::string text =
      "On Monday, June 28, 2021, officials said the truce signed two weeks ago held until noon.";
  const auto tx = run(text, "2021-06-29");
  REQUIRE(tx.size() >= 3);
  for (size_t i = 1; i < tx.size(); ++i) CHECK(tx[i - 1].span.end <= tx[i].span.start);
}

TEST_CASE("round 2: parts of day, the year/week, quarters, decades, deadlines, tense cues") {
  // A weekday with a part of day keeps the span but is valued as the plain date.
  CHECK(value("The ferry sank on Friday night.", "2021-06-28", "Friday night") == "2021-06-25");
  // "the year" is the current year; "the year ended <date>" is a fiscal-year span.
  CHECK(value("For the year, shipments of tin were flat.", "1989-11-02", "the year") == "1989");
  const auto fy = find("The mill earned $5 million in the year ended June 30.", "1989-11-02",
                       "the year");
  CHECK(fy.type == eg::TimexType::DURATION);
  CHECK(fy.value == "P1Y");
  CHECK(value("Buying eased after the week's rush.", "1989-10-30", "the week") == "1989-WXX");
  // A year before "quarter" is a year, not 1988 quarters.
  CHECK(value("Losses grew in the 1988 second quarter.", "1989-10-26",
              "the 1988 second quarter") == "1988-Q2");
  CHECK(value("Losses grew in the 1988 quarter.", "1989-10-26", "the 1988 quarter") == "1988-Q3");
  // Decades: "the 1990s" is the three-digit TimeML form, a bare "1990s" keeps the X.
  CHECK(value("Rents doubled in the 1990s.", "2005-01-01", "the 1990s") == "199");
  CHECK(value("Rents doubled in 1990s cities.", "2005-01-01", "1990s") == "199X");
  // Deadline words look ahead; a clock time may carry its date.
  CHECK(value("The agency gave the family until 9 a.m. Tuesday to reply.", "2021-06-28",
              "9 a.m. Tuesday") == "2021-06-29T09:00");
  CHECK(value("The offer runs until 5 p.m. EST Nov. 9, the firm said.", "1989-11-02",
              "5 p.m. EST Nov. 9") == "1989-11-09T17:00");
  CHECK(value("The new wage deal is effective June 1.", "1989-10-26", "June 1") == "1990-06-01");
  // "next to" is a place and "succeed" is not a past form; "is to" schedules ahead.
  CHECK(value("Dozens died in the blast next to the bank on Friday.", "2021-06-26", "Friday") ==
        "2021-06-25");
  CHECK(value("Mr. Lee will succeed the chairman Feb. 1.", "1989-10-26", "Feb. 1") ==
        "1990-02-01");
  CHECK(value("Trading is to resume in Paris Tuesday.", "2021-06-27", "Tuesday") == "2021-06-29");
  // "the following year", "that year" are anchored on the last date mentioned.
  const std::string story = "The dam opened in 1994. The following year it burst, and that year "
                            "floods hit the valley.";
  CHECK(value(story, "2021-06-28", "The following year") == "1995");
  CHECK(value(story, "2021-06-28", "that year") == "1995");
  CHECK(value("Crime fell through the nineties.", "2005-01-01", "the nineties") == "199");
  // A participle after "be" is no past cue: "will be paid Dec. 14" lies ahead.
  CHECK(value("The dividend will be paid Dec. 14.", "1989-10-26", "Dec. 14") == "1989-12-14");
  // Fractions and rates.
  CHECK(value("She served 2 1/2 years in prison.", "2021-06-28", "2 1/2 years") == "P2Y6M");
  CHECK(value("The call lasted a minute and a half later on.", "2021-06-28",
              "a minute and a half") == "PT1M30S");
  for (const auto& t : run("The plan saves $500 million a year.", "2021-06-28"))
    CHECK(t.span.of(std::string_view("The plan saves $500 million a year.")) != "a year");
  // Without a tense cue, a month far ahead of the DCT is last year's.
  CHECK(value("Prices peaked in June and slid in March.", "1989-10-30", "March") == "1989-03");
}

TEST_CASE("ranges and anchored durations carry an interval") {
  const std::string_view dct = "2021-06-28";
  auto r = find("Talks ran March 15-20 in Vienna.", dct, "March 15-20");
  CHECK(r.value == "2021-03-15");
  CHECK(r.begin == "2021-03-15");
  CHECK(r.end == "2021-03-20");
  auto r2 = find("Talks ran March 15 to 20 in Vienna.", dct, "March 15 to 20");
  CHECK(r2.end == "2021-03-20");
  auto r3 = find("Talks ran 15-20 March in Vienna.", dct, "15-20 March");
  CHECK(r3.value == "2021-03-15");
  CHECK(r3.end == "2021-03-20");
  // Both ends of "between X and Y" get the interval; the end's guessed year follows the start.
  const std::string b = "Prices fell between November and February.";
  const auto nov = find(b, dct, "November");
  const auto feb = find(b, dct, "February");
  CHECK(nov.value == "2020-11");
  CHECK(feb.value == "2021-02");
  CHECK(nov.begin == "2020-11");
  CHECK(nov.end == "2021-02");
  CHECK(feb.begin == "2020-11");
  const auto jul = find("Work stops from July to September.", dct, "July");
  CHECK(jul.end.starts_with(jul.value.substr(0, 4)));
  CHECK(jul.end.ends_with("-09"));
  // since X: to the publication date
  const auto since = find("Prices have risen since March 2024.", "2024-06-28", "March 2024");
  CHECK(since.begin == "2024-03");
  CHECK(since.end == "2024-06-28");
  // the past three months, the next two weeks: anchored on the DCT
  const auto past = find("Prices rose over the past three months.", dct, "the past three months");
  CHECK(past.value == "P3M");
  CHECK(past.begin == "2021-03-28");
  CHECK(past.end == "2021-06-28");
  const auto next = find("Talks resume in the next two weeks.", dct, "the next two weeks");
  CHECK(next.begin == "2021-06-28");
  CHECK(next.end == "2021-07-12");
  // a plain date or duration has none
  CHECK(find("The siege lasted four years.", dct, "four years").begin.empty());
  CHECK(find("It began on June 2.", dct, "June 2").end.empty());
}

TEST_CASE("sets of seasons, and dates that need world knowledge stay without a value") {
  const std::string_view dct = "2021-06-28";
  auto w = find("Floods come every winter.", dct, "every winter");
  CHECK(w.type == eg::TimexType::SET);
  CHECK(w.value == "XXXX-WI");
  auto s = find("Floods come each season.", dct, "each season");
  CHECK(s.type == eg::TimexType::SET);
  CHECK(s.value == "P3M");
  const std::string t = "Talks stalled during Ramadan, the day after the vote, before Eid al-Adha.";
  CHECK(find(t, dct, "Ramadan").value.empty());
  CHECK(find(t, dct, "the day after the vote").value.empty());
  CHECK(find(t, dct, "Eid al-Adha").value.empty());
  // Easter is computed (Western computus), not left open.
  CHECK(value("Pilgrims arrived for Easter 2021.", dct, "Easter 2021") == "2021-04-04");
  CHECK(value("Pilgrims arrived for Easter 2000.", dct, "Easter 2000") == "2000-04-23");
  CHECK(value("Pilgrims arrived for Easter 2038.", dct, "Easter 2038") == "2038-04-25");
  CHECK(value("The shrine closed during Easter week.", "2000-04-30", "Easter week") == "2000-W16");
  // lowercase "lent" is a verb
  CHECK(run("She lent him money.", dct).empty());
}

TEST_CASE("tense cues that are not verbs") {
  // "unspecified" is an adjective here; "would" decides: next January, not last.
  CHECK(value("The bonus would be paid on a still unspecified date in January.", "2019-10-20",
              "January") == "2020-01");
  // "the plan" and "vacation plans" are nouns: a past report of an earlier Friday.
  CHECK(value("The council adopted the plan Aug. 21.", "2019-10-20", "Aug. 21") == "2019-08-21");
  CHECK(value("On Friday, when the envoy set aside vacation plans, the talks stalled.", "2019-10-22",
              "Friday") == "2019-10-18");
  CHECK(value("The ministry plans to open the crossing on Friday.", "2019-10-22", "Friday") ==
        "2019-10-25");
  // A modal further off beats a participle in a noun phrase ("markets untouched by").
  CHECK(value("The airline will almost double its flights to the islands by August in a push "
              "for markets untouched by the slump.",
              "2019-02-10", "August") == "2019-08");
  // A present-tense clause keeps a far past-perfect verb from moving the month back a year.
  CHECK(value("The uncle had not signed the papers , and the family loses the fight if the case "
              "is heard in May by the court.",
              "2019-03-29", "May") == "2019-05");
  // Without any cue next to the date, the sentence's verb decides ("will be named ... in December").
  CHECK(value("The colonel will be named commander of the second brigade for a mission in "
              "December.",
              "2019-03-04", "December") == "2019-12");
}

TEST_CASE("parts of day on weekdays and discourse 'now'") {
  CHECK(value("Guards opened fire on Friday evening.", "2019-10-22", "Friday evening") ==
        "2019-10-18TEV");
  CHECK(value("Guards opened fire on Friday night.", "2019-10-22", "Friday night") == "2019-10-18");
  CHECK(run("Now, the ministry says, the border is calm.", "2019-10-22").empty());
  CHECK(value("Now the ministry says the border is calm.", "2019-10-22", "Now") == "PRESENT_REF");
}

TEST_CASE("seasons in January and February, fiscal years, parts of day before a day word") {
  // In February the current season is the winter that began the year before.
  CHECK(value("Sales fell last fall.", "1998-02-06", "last fall") == "1997-FA");
  CHECK(value("Sales will rise next spring.", "1998-02-06", "next spring") == "1998-SP");
  CHECK(value("Sales fell last fall.", "1998-11-20", "last fall") == "1997-FA");
  CHECK(value("Profit for the current fiscal year will rise.", "1989-11-02",
              "the current fiscal year") == "1989");
  const auto t = find("He arrived mid-afternoon yesterday.", "1989-11-02", "mid-afternoon yesterday");
  CHECK(t.value == "1989-11-01TAF");
  CHECK(t.type == eg::TimexType::TIME);
}

TEST_CASE("a clock time takes the date after a comma") {
  CHECK(value("Offers expire at 5 p.m. EST, Nov. 6, the company said.", "1989-10-30",
              "5 p.m. EST, Nov. 6") == "1989-11-06T17:00");
  CHECK(value("He left at 5 p.m., and came back.", "1989-10-30", "5 p.m.") == "1989-10-30T17:00");
}

TEST_CASE("open stretches ahead: the coming weeks, the months ahead") {
  CHECK(value("Talks will resume in the coming weeks.", "1998-03-01", "the coming weeks") == "PXW");
  CHECK(value("Prices may rise in coming months.", "1998-03-01", "coming months") == "PXM");
  CHECK(value("Prices may rise in the weeks ahead.", "1998-03-01", "the weeks ahead") == "PXW");
  CHECK(run("He is coming home.", "1998-03-01").empty());
}

TEST_CASE("'three days later' counts from the story, not from the DCT: a duration") {
  const auto t = find("Three days later, the index fell.", "1989-10-30", "Three days");
  CHECK(t.value == "P3D");
  CHECK(t.type == eg::TimexType::DURATION);
  CHECK(value("A day earlier, trucks crossed the border.", "1990-08-16", "A day") == "P1D");
  // A year earlier (the year-ago comparison of business news) and "ago" stay dates.
  CHECK(value("A year earlier, profit was 5 dollars.", "1989-10-30", "A year earlier") == "1988");
  CHECK(value("The talks ended two weeks ago.", "1989-10-30", "two weeks ago") == "1989-W42");
  CHECK(value("It will end two weeks from now.", "1989-10-30", "two weeks from now") == "1989-W46");
}

TEST_CASE("'last Oct. 23', 'the week of March 6', 'the last half of 1989'") {
  CHECK(value("He left last Oct. 23, police said.", "1999-04-19", "last Oct. 23") == "1998-10-23");
  CHECK(value("Talks open next March 3.", "1999-04-19", "next March 3") == "2000-03-03");
  CHECK(value("The vote is set for the week of March 6.", "2000-02-24", "the week of March 6") ==
        "2000-W10");
  CHECK(value("Sales rose in the last half of 1989.", "1989-10-30", "the last half of 1989") ==
        "1989-H2");
  CHECK(value("Sales fell in the last quarter of 1988.", "1989-10-30", "the last quarter of 1988") ==
        "1988-Q4");
  CHECK(value("Profit rose last quarter.", "1989-10-30", "last quarter") == "1989-Q3");
}

TEST_CASE("centuries as premodifiers; 'year end' and 'year's end'") {
  CHECK(value("She called herself a 20th century liberal.", "1998-02-13", "20th century") == "19");
  CHECK(value("They mapped the old 11th century shrine.", "1998-02-13", "11th century") == "10");
  CHECK(value("It was built in the 19th century.", "1998-02-13", "the 19th century") == "18");
  CHECK(value("The board expects a deal by year end.", "1989-11-01", "year end") == "1989");
  CHECK(value("Prices may ease before the year's end.", "1989-11-01", "the year's end") == "1989");
}

// The tests below write no timex where the text has none: `none(text, dct, what)` is true when
// no timex overlaps the first occurrence of `what`.
namespace {
bool none(const std::string& text, std::string_view dct, std::string_view what) {
  const size_t at = text.find(what);
  REQUIRE(at != std::string::npos);
  for (const auto& t : run(text, dct))
    if (t.span.start < at + what.size() && at < t.span.end) return false;
  return true;
}
}  // namespace

TEST_CASE("'a couple of years', 'a few days', 'the next couple of months'") {
  CHECK(value("Prices may stay low for a couple of years.", "1998-01-08", "a couple of years") ==
        "P2Y");
  CHECK(value("The ships could sail within a few days.", "1990-08-15", "a few days") == "PXD");
  CHECK(value("Over the next couple of months we expect growth.", "1989-11-01",
              "the next couple of months") == "P2M");
}

TEST_CASE("'an additional year', 'eight trading days' (no date arithmetic on trading days)") {
  CHECK(value("The loan may run for an additional year.", "1989-11-01", "an additional year") ==
        "P1Y");
  CHECK(value("Five trading days after March 3, the index rebounded.", "1989-11-01",
              "Five trading days") == "P5D");
  CHECK(value("Five trading days after March 3, the index rebounded.", "1989-11-01", "March 3") ==
        "1989-03-03");
}

TEST_CASE("'over the years'; 'the early summer', 'the late 1970s'") {
  CHECK(value("Over the years the club grew.", "1998-03-31", "the years") == "PXY");
  const auto t = find("Orders rose from the low levels of the early summer.", "1989-10-26",
                      "the early summer");
  CHECK(t.value == "1989-SU");
  CHECK(t.mod == "START");
  CHECK(find("The group ruled in the late 1970s.", "1998-02-19", "the late 1970s").mod == "END");
}

TEST_CASE("named days: Election Day, Labor Day, Memorial Day, Mother's Day") {
  CHECK(value("Turnout will be high on Election Day.", "1998-10-26", "Election Day") ==
        "1998-11-03");
  CHECK(value("Turnout will be high on Election Day.", "2012-10-01", "Election Day") ==
        "2012-11-06");
  CHECK(value("The store will close on Labor Day.", "2013-08-20", "Labor Day") == "2013-09-02");
  CHECK(value("Crowds will gather on Memorial Day.", "2013-05-01", "Memorial Day") ==
        "2013-05-27");
  CHECK(value("Florists will be busy before Mother's Day.", "2013-05-01", "Mother's Day") ==
        "2013-05-12");
  CHECK(none("The labor union and the election board met.", "2013-05-01", "labor"));
  CHECK(none("The Labor Party won the election.", "2013-05-01", "Labor"));
}

TEST_CASE("'this past spring', 'this past weekend'") {
  CHECK(value("The unit was closed this past spring.", "1989-10-30", "this past spring") ==
        "1989-SP");
  CHECK(value("Rain fell this past weekend.", "2013-03-18", "this past weekend") ==
        "2013-W11-WE");
}

TEST_CASE("titles and generic uses are not timexes") {
  CHECK(none("He spoke on ABC's \"This Week\" program.", "1990-08-13", "This Week"));
  CHECK(none("She told CBS's \"60 Minutes\" the truth.", "2000-04-17", "60 Minutes"));
  CHECK(none("The poster showed a still from the film High Noon in the square.", "1999-03-12",
             "Noon"));
  CHECK(none("It is a lesson for today's youth.", "2000-01-07", "today"));
  CHECK(none("Many of today's personal computers use it.", "1989-10-27", "today"));
  CHECK(value("The offer appears in today's editions.", "1989-11-02", "today") == "1989-11-02");
  CHECK(none("It matters for the future of our peoples.", "1990-08-15", "future"));
  CHECK(value("It may change in the future.", "1990-08-15", "the future") == "FUTURE_REF");
  CHECK(value("It may change in the future if prices rise.", "1990-08-15", "the future") ==
        "FUTURE_REF");
  CHECK(none("They discussed the future direction of farm policy.", "1987-03-01", "future"));
}

TEST_CASE("a rate: '8.5% annually', 'units annually'; a recurrence: 'held annually'") {
  CHECK(none("Sales should rise 8.5% annually through 1992.", "1989-11-01", "annually"));
  CHECK(none("The plant makes 10,000 units annually.", "1989-11-01", "annually"));
  CHECK(value("The rally is held annually in May.", "1989-11-01", "annually") == "P1Y");
}

TEST_CASE("'day-long', 'decades-long'; 'for a while'; 'the then current price'") {
  CHECK(value("They left their third day-long meeting.", "2000-04-03", "day-long") == "P1D");
  CHECK(value("It was a two-week-long strike.", "2000-04-03", "two-week-long") == "P2W");
  CHECK(value("It ended a decades-long feud.", "2000-04-03", "decades-long") == "PXDE");
  CHECK(value("They will live without it for a while.", "1998-01-11", "a while") == "PXX");
  CHECK(value("Holders may buy shares at the then current price.", "1989-11-01",
              "then current") == "PAST_REF");
}

TEST_CASE("'in the short term', 'over the long term'") {
  CHECK(value("It may placate holders in the short term.", "1989-11-01", "the short term") ==
        "FUTURE_REF");
  CHECK(value("Rates should fall over the long term.", "1989-11-01", "the long term") ==
        "FUTURE_REF");
  CHECK(none("Investors disliked the short term of the loan.", "1989-11-01", "short term"));
  CHECK(none("Rates rose on the short term money market.", "1989-11-01", "short term"));
}

TEST_CASE("'will one day be': some future day; 'for one day' stays a duration") {
  CHECK(value("Islam will one day be the second largest faith here.", "1998-03-03", "one day") ==
        "FUTURE_REF");
  CHECK(value("He had been in the job one day.", "1998-03-03", "one day") == "P1D");
  CHECK(value("Prices will rise one day later.", "1998-03-03", "one day") == "P1D");
}

TEST_CASE("'this year's third quarter', 'next year's first half', 'last year's quarter'") {
  CHECK(value("In this year's third quarter, net rose.", "1989-11-01", "this year's third quarter") ==
        "1989-Q3");
  CHECK(value("It could start as early as next year's first half.", "1989-11-01",
              "next year's first half") == "1990-H1");
  CHECK(value("Net fell from last year's quarter.", "1989-11-01", "last year's quarter") ==
        "1988-Q3");
  CHECK(value("Net fell from last year's third-quarter level.", "1989-11-01",
              "last year's third-quarter") == "1988-Q3");
  CHECK(value("Last year's results were poor.", "1989-11-01", "Last year") == "1988");
}

TEST_CASE("'the 1988 period' in an earnings comparison is the quarter a year apart") {
  CHECK(value("Third-quarter net rose 5%. Sales were flat with the 1988 period.", "1989-10-30",
              "the 1988 period") == "1988-Q3");
  CHECK(value("Prices in the 1988 period rose.", "1989-10-30", "1988") == "1988");
}

TEST_CASE("'the last twenty four hours', 'at a later date', 'post-1959'") {
  CHECK(value("Rain fell in the last twenty four hours.", "1998-01-08",
              "the last twenty four hours") == "PT24H");
  CHECK(value("It may seek more funds at a later date.", "1989-11-01", "a later date") ==
        "FUTURE_REF");
  CHECK(value("The post-1959 politics split families.", "2000-02-24", "post-1959") == "1959");
}

TEST_CASE("'Q3 2012', 'Q4'; 'New Year's Day', 'New Year's Eve'") {
  CHECK(value("Profit rose in Q3 2012, the firm said.", "2013-03-14", "Q3 2012") == "2012-Q3");
  CHECK(value("Profit rose in Q4, the firm said.", "2013-03-14", "Q4") == "2012-Q4");
  CHECK(value("The truce held through New Year's Day.", "2013-01-03", "New Year's Day") ==
        "2013-01-01");
  CHECK(value("Crowds will gather on New Year's Eve.", "2012-12-20", "New Year's Eve") ==
        "2012-12-31");
  CHECK(value("Talks will resume after New Year's.", "2012-12-20", "New Year's") == "2013-01-01");
  CHECK(none("The New York office opened.", "2012-12-20", "New"));
}

TEST_CASE("newspaper names are not frequencies: 'Apple Daily', 'the Daily Mail'") {
  CHECK(none("He founded the Apple Daily newspaper.", "2025-03-14", "Daily"));
  CHECK(none("She wrote for the Daily Mail in London.", "2025-03-14", "Daily"));
  CHECK(value("Rallies are held daily in the capital.", "2025-03-14", "daily") == "P1D");
}

TEST_CASE("a date or hyphenated adjective inside a noun phrase leaves 'the' out") {
  CHECK(value("Police studied the Aug. 7 bombings.", "1998-08-10", "Aug. 7") == "1998-08-07");
  CHECK(value("He recalled the January 1998 talks.", "1999-01-10", "January 1998") == "1998-01");
  CHECK(value("He lost the 1996 race.", "1998-08-10", "1996") == "1996");
  CHECK(value("The miners ended the two-week strike.", "1998-08-10", "two-week") == "P2W");
  CHECK(value("It posted the third-quarter loss.", "1989-10-30", "third-quarter") == "1989-Q3");
  CHECK(value("The year-ago results were better.", "1989-10-30", "year-ago") == "1988");
  // the article stays with the quarter, the decade and the noun the expression includes
  CHECK(value("Net fell from the year-ago quarter.", "1989-10-30", "the year-ago quarter") ==
        "1988-Q3");
  CHECK(value("Net fell from the year-earlier third quarter.", "1989-10-30",
              "the year-earlier third quarter") == "1988-Q3");
  CHECK(value("Net rose in the third quarter.", "1989-10-30", "the third quarter") == "1989-Q3");
  CHECK(value("Prices soared in the 1970s.", "1989-10-30", "the 1970s") == "197");
}

TEST_CASE("'Friday evening' carries a time part: a TIME") {
  const auto t = find("Guards opened fire on Friday evening.", "2019-10-22", "Friday evening");
  CHECK(t.value == "2019-10-18TEV");
  CHECK(t.type == eg::TimexType::TIME);
}

TEST_CASE("'or so' belongs to the amount") {
  const auto t = find("Rates may rise over the next year or so.", "1989-11-01",
                      "the next year or so");
  CHECK(t.value == "1990");
  CHECK(t.mod == "APPROX");
  CHECK(value("Rates may rise over the next two years or so.", "1989-11-01",
              "the next two years or so") == "P2Y");
  CHECK(value("He left a week or so ago.", "1991-02-25", "a week or so ago") == "1991-W08");
}

TEST_CASE("plural weekdays recur: 'on Mondays', 'Tuesday nights'") {
  const auto t = find("The shop closes on Mondays.", "1998-02-13", "Mondays");
  CHECK(t.value == "XXXX-WXX-1");
  CHECK(t.type == eg::TimexType::SET);
  CHECK(value("Flights leave on Tuesday nights.", "1998-02-13", "Tuesday nights") ==
        "XXXX-WXX-2TNI");
  CHECK(value("He left on Tuesday night.", "1998-02-13", "Tuesday night") == "1998-02-10");
}

TEST_CASE("a cue inside a quotation or a later clause does not place a date outside it") {
  // '"... expects ...," the army said Wednesday': the quote's future is not the date's
  CHECK(value("\"The state expects the rebels to disarm,\" the army said in a note Wednesday, "
              "repeating its demand.",
              "2025-03-13", "Wednesday") == "2025-03-12");
  // "signed it Thursday that will serve as": the relative clause has its own tense
  CHECK(value("The leader signed a charter Thursday that will serve as the constitution.",
              "2025-03-14", "Thursday") == "2025-03-13");
  CHECK(value("His talks with the rebels in November, in which he said he would resign, failed.",
              "2025-03-13", "November") == "2024-11");
  // without the clause word the future still counts
  CHECK(value("The leader will sign the charter Thursday.", "2025-03-12", "Thursday") ==
        "2025-03-13");
}

TEST_CASE("a clock time takes the day named just after it") {
  // DCT Saturday 1998-08-08
  check_values({
      {"The bomb went off at 4 p.m. on Friday.", "1998-08-08", "4 p.m.", "1998-08-07T16:00"},
      {"The blast came at 10:35 a.m. (0735 GMT) Friday, killing many.", "1998-08-08", "10:35 a.m.", "1998-08-07T10:35"},
      {"Shelling began at 3 a.m. local time on Tuesday.", "1998-08-08", "3 a.m.", "1998-08-04T03:00"},
      {"Talks will resume at 10 a.m. on Monday.", "1998-08-08", "10 a.m.", "1998-08-10T10:00"},
      // no day after it: the publication day
      {"The bomb went off at 4 p.m., police said.", "1998-08-08", "4 p.m.", "1998-08-08T16:00"},
  });
}

TEST_CASE("a day or week before/after a weekday is that weekday shifted") {
  // DCT Thursday 2000-02-24
  check_values({
      {"The day before last Tuesday's hearing, he drove home.", "2000-02-24", "The day before last Tuesday", "2000-02-21"},
      {"They met two days after Friday.", "2000-02-24", "two days after Friday", "2000-02-20"},
      {"He resigned a week before Monday's vote.", "2000-02-24", "a week before Monday", "2000-02-14"},
  });
  // an event as anchor has no value
  CHECK(value("He resigned the day before the vote.", "2000-02-24", "the day before the vote").empty());
}

TEST_CASE("a period followed by 'a year ago' is that period one year back") {
  // DCT in the fourth quarter of 1989: "the quarter" is the last full one, 1989-Q3
  check_values({
      {"Profit fell from the quarter a year ago.", "1989-10-27", "the quarter a year ago", "1988-Q3"},
      {"Sales rose from the second quarter a year earlier.", "1989-10-27", "the second quarter a year earlier", "1988-Q2"},
      {"Output rose in 1987 a year earlier.", "1989-10-27", "1987 a year earlier", "1986"},
      // alone, "a year ago" keeps its own value
      {"Net income was $5 million a year ago.", "1989-10-27", "a year ago", "1988"},
  });
}

TEST_CASE("'Monday and Tuesday nights': both days recur at night") {
  check_values({
      {"Flights leave on Monday and Tuesday nights.", "1998-02-13", "Monday", "XXXX-WXX-1TNI"},
      {"Flights leave on Monday and Tuesday nights.", "1998-02-13", "Tuesday nights", "XXXX-WXX-2TNI"},
      {"They met on Monday and Tuesday.", "1998-02-13", "Monday", "1998-02-09"},
  });
}

TEST_CASE("'a week of' is a week; 'a quarter of' is a fraction") {
  CHECK(value("He was freed within a week of his capture.", "1998-02-19", "a week") == "P1W");
  for (const auto& t : run("The party won a quarter of the vote.", "1998-02-19"))
    CHECK(t.value != "P1Q");
}

TEST_CASE("'since he came to power' is recognised with no value; 'since' stays outside") {
  const std::string t = "It was the second strike authorised by the president since he came to power.";
  const auto x = find(t, "2021-06-28", "he came to power");
  CHECK(x.value.empty());
  CHECK(x.type == eg::TimexType::DATE);
  CHECK(value("It is her third visit since taking office.", "2021-06-28", "taking office").empty());
  CHECK(value("He has not spoken since Lena Moreau was sworn in.", "2021-06-28",
              "Lena Moreau was sworn in").empty());
  // a calendar date after "since" is still the date
  CHECK(value("Prices have doubled since March 2024.", "2025-06-28", "March 2024") == "2024-03");
  // "since he said so" is no anchor
  CHECK(run("Nothing has changed since he said so.", "2021-06-28").empty());
}

TEST_CASE("a plan in the past tense looks ahead; 'since' a date looks back") {
  // DCT Friday 2000-01-07
  check_values({
      {"Protesters planned a rally in the square on Saturday and were planning to drive " "to the airport on Monday.", "2000-01-07", "Saturday", "2000-01-08"},
      {"The convoy was expected to arrive Sunday.", "2000-01-07", "Sunday", "2000-01-09"},
      // DCT August 1990: "since March ... was scheduled to return" is this year's March
      {"The carrier has been on patrol since March and was scheduled to return soon.", "1990-08-13", "March", "1990-03"},
      {"Talks have stalled since Tuesday.", "2000-01-07", "Tuesday", "2000-01-04"},
  });
}

TEST_CASE("parts of day: 'at 4 in the morning', 'in the morning' of the day last named") {
  // DCT Wednesday 2000-04-05
  check_values({
      {"His father will leave at 4 in the morning (4 a.m. EDT Thursday).", "2000-04-05", "4 in the morning", "2000-04-06T04:00"},
      {"They landed at 8 in the evening.", "2000-04-05", "8 in the evening", "2000-04-05T20:00"},
      {"Markets fell on Monday. Dealers sold heavily in the morning.", "2000-04-05", "the morning", "2000-04-03TMO"},
      {"Dealers sold heavily in the morning.", "2000-04-05", "the morning", "2000-04-05TMO"},
  });
  // "the night of Oct. 23" is that date, not a part of today
  for (const auto& t : run("He was shot in the night of Oct. 23.", "2000-04-05"))
    CHECK(t.value.find("TNI") == std::string::npos);
}

TEST_CASE("schedule verbs in the present look ahead; a part of day before a noun is no time") {
  // DCT Friday 1998-05-01
  check_values({
      {"The two leaders meet separately Monday with the envoy.", "1998-05-01", "Monday", "1998-05-04"},
      {"Talks resume Tuesday in Geneva.", "1998-05-01", "Tuesday", "1998-05-05"},
      // not finite: "difficult to meet demand", "did not meet"
      {"Problems made it difficult to meet demand into the summer.", "1989-10-26", "the summer", "1989-SU"},
      {"The council did not meet Monday.", "1998-05-01", "Monday", "1998-04-27"},
  });
  CHECK(run("Attackers struck during the evening rush hour.", "1998-05-01").empty());
}

TEST_CASE("'set for' a date looks ahead unless the sentence is past") {
  check_values({
      {"A new report set for release Friday finds the targets too low.", "2019-12-09", "Friday",
       "2019-12-13"},
      {"The vote is slated for Thursday.", "2019-12-09", "Thursday", "2019-12-12"},
      // "were delayed": the elections were set for a past February
      {"Elections set for February were delayed.", "2021-04-10", "February", "2021-02"},
  });
}

TEST_CASE("a date before a report verb is not placed by the reported clause's tense") {
  check_values({
      // DCT Friday 2020-02-14: the speaking was last Tuesday, whatever "would meet" says
      {"Speaking in Washington on Tuesday, the adviser said the president would meet the envoy.",
       "2020-02-14", "Tuesday", "2020-02-11"},
      // right next to the date, "will" still looks ahead
      {"The president will meet the envoy on Tuesday, the adviser said.", "2020-02-14", "Tuesday",
       "2020-02-18"},
  });
}
