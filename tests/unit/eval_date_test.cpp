// Date functions, with the examples of learn.microsoft.com template-functions-date (ms.date 08/08/2025)
// and the edge cases: formats, durations, the DateTime range.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("dateTimeAdd() ignores leap years: P1Y is 365 days, P1M 30", "[eval][date]") {
  // The documented Remarks examples.
  CHECK(eval_json("dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y')") == R"("2024-01-01T00:00:00Z")");
  CHECK(eval_json("dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')") == R"("2024-12-31T00:00:00Z")");
  CHECK(eval_json("dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')") == R"("2023-03-03T00:00:00Z")");
  CHECK(eval_json("dateTimeAdd('2024-02-01 00:00:00Z', 'P1M')") == R"("2024-03-02T00:00:00Z")");
  // The documented examples from base time 2020-04-07 14:53:14Z, with explicit formats.
  CHECK(eval_json("dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y', 'u')") == R"("2023-04-07 14:53:14Z")");
  CHECK(eval_json("dateTimeAdd('2020-04-07 14:53:14Z', '-P9D', 'u')") == R"("2020-03-29 14:53:14Z")");
  CHECK(eval_json("dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H', 'u')") == R"("2020-04-07 15:53:14Z")");
  // durations
  CHECK(eval_json("dateTimeAdd('2020-01-01T00:00:00Z', 'P1DT2H3M4S')") == R"("2020-01-02T02:03:04Z")");
  CHECK(eval_json("dateTimeAdd('2020-01-01T00:00:00Z', 'PT1.5S')") == R"("2020-01-01T00:00:01.5Z")");
  CHECK(eval_json("dateTimeAdd('2020-01-01T00:00:00Z', 'PT90M')") == R"("2020-01-01T01:30:00Z")");
  CHECK(eval_json("dateTimeAdd('2020-01-01', 'P1D')") == R"("2020-01-02T00:00:00Z")");
  CHECK(eval_json("dateTimeAdd('2020-01-01T10:00:00+02:00', 'PT0S')") == R"("2020-01-01T08:00:00Z")");
  CHECK(eval_json("dateTimeAdd('20190305T175318Z', 'PT0S')") == R"("2019-03-05T17:53:18Z")");
  CHECK(eval_reason("dateTimeAdd('2020-01-01T00:00:00Z', '1D')") == "dateTimeAdd(): '1D' is not an ISO 8601 duration");
  CHECK(eval_json("dateTimeAdd('2020-01-01T00:00:00Z', 'P1H')") == "<unknown>");   // hours need T
  CHECK(eval_json("dateTimeAdd('2020-01-01T00:00:00Z', 'PT')") == "<unknown>");
  CHECK(eval_json("dateTimeAdd('2020-01-01T00:00:00Z', 'P1D1Y')") == "<unknown>"); // out of order
  CHECK(eval_reason("dateTimeAdd('nope', 'P1D')") == "dateTimeAdd(): 'nope' is not an ISO 8601 date and time");
  CHECK(eval_json("dateTimeAdd('2021-02-29T00:00:00Z', 'P1D')") == "<unknown>");
  CHECK(eval_reason("dateTimeAdd('9999-12-31T00:00:00Z', 'P1D')") == "dateTimeAdd(): the result is outside the years 1 to 9999");
}

TEST_CASE("dateTimeAdd() formats with .NET invariant-culture format strings", "[eval][date]") {
  const char* base = "dateTimeAdd('2019-03-05T17:53:18Z', 'PT0S', ";
  auto with = [&](const std::string& format) { return eval_json(std::string(base) + "'" + format + "')"); };
  CHECK(with("d") == R"("03/05/2019")");  // utcNow('d') in the docs: 03/05/2019
  CHECK(with("M d") == R"("3 5")");       // utcNow('M d') in the docs: 3 5
  CHECK(with("yyyyMMddTHHmmssZ") == R"("20190305T175318Z")");
  CHECK(with("o") == R"("2019-03-05T17:53:18.0000000Z")");
  CHECK(with("s") == R"("2019-03-05T17:53:18")");
  CHECK(with("yyyy-MM-dd hh:mm tt") == R"("2019-03-05 05:53 PM")");
  CHECK(with("dddd, MMMM d") == R"("Tuesday, March 5")");
  CHECK(with("ddd MMM yy") == R"("Tue Mar 19")");
  CHECK(with("''year'' yyyy") == R"("year 2019")");
  CHECK(with("HH:mm:ss.fff") == R"("17:53:18.000")");
  CHECK(with("HH:mm:ss.FFF") == R"("17:53:18")");
  CHECK(eval_reason(std::string(base) + "'zzz')") == "dateTimeAdd(): the format 'zzz' is not supported");
  CHECK(eval_reason(std::string(base) + "'q')") == "dateTimeAdd(): the format 'q' is not supported");
}

TEST_CASE("dateTimeFromEpoch() and dateTimeToEpoch()", "[eval][date]") {
  CHECK(eval_json("dateTimeFromEpoch(1683040573)") == R"("2023-05-02T15:16:13Z")");
  CHECK(eval_json("dateTimeToEpoch('2023-05-02T15:16:13Z')") == "1683040573");
  CHECK(eval_json("dateTimeToEpoch(dateTimeFromEpoch(0))") == "0");
  CHECK(eval_json("dateTimeFromEpoch(-1)") == R"("1969-12-31T23:59:59Z")");
  CHECK(eval_json("dateTimeToEpoch('1970-01-01T01:00:00+01:00')") == "0");
  CHECK(eval_json("dateTimeToEpoch('20190305T175318Z')") == "1551808398");
  CHECK(eval_json("dateTimeToEpoch('1970-01-01T00:00:00.9Z')") == "0");
  CHECK(eval_json("dateTimeToEpoch('1969-12-31T23:59:59.5Z')") == "-1");
  CHECK(eval_json("dateTimeFromEpoch(253402300799)") == R"("9999-12-31T23:59:59Z")");
  CHECK(eval_reason("dateTimeFromEpoch(253402300800)") == "dateTimeFromEpoch(): the time is outside the years 1 to 9999");
  CHECK(eval_json("dateTimeFromEpoch(-62135596800)") == R"("0001-01-01T00:00:00Z")");
  CHECK(eval_json("dateTimeFromEpoch(-62135596801)") == "<unknown>");
  CHECK(eval_json("dateTimeFromEpoch(9223372036854775807)") == "<unknown>");
  CHECK(eval_reason("dateTimeToEpoch(5)") == "dateTimeToEpoch(): argument 1 must be a string, got 5");
}
