package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.genreWindows;
import static io.streamlab.pipeline.insights.ParquetFixtures.team;
import static io.streamlab.pipeline.insights.ParquetFixtures.teamWindows;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticket;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticketsIn;
import static io.streamlab.pipeline.insights.ParquetFixtures.union;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that span a minute, a day and two years: the time axes of the summary and of the report sum
 * the 1-minute windows into a bucket that fits the range, and no chart draws more than
 * {@link TimeBucket#MAX_POINTS} points.
 */
class InsightsTimeAxisTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TEAMS = List.of("incident", "produit", "support_general");
    private static final Instant TWO_YEARS_FROM = Instant.parse("2020-01-01T00:00:00Z");
    /** 8,000 windows 131 minutes apart: 2020-01-01 to 2021-12-28. */
    private static final long TWO_YEARS_WINDOWS = 8_000;

    private static final long TWO_YEARS_STEP = 131;

    /** The end of the last of the two years' windows: 7,999 × 131 minutes after the first, plus one. */
    private static final String LAST_WINDOW_END = "2021-12-28T16:30:00Z";

    @TempDir
    Path work;

    ParquetFixtures files;

    @BeforeEach
    void aTicket() throws Exception {
        files = new ParquetFixtures(work.resolve("output"));
        // the tickets section needs tickets_enriched; the time axes come from the windowed datasets
        files.write("tickets_enriched", ticket("T1", "c1", "incident", "incident", 2, List.of("panne")));
    }

    @Test
    void aMinuteOfOutputIsDrawnPerMinute() throws Exception {
        files.write("stats_by_team", union(List.of(team(0, "incident", 3, 1, 0), team(0, "produit", 2, 0, 0))));

        JsonNode overTime = summary().path("tickets").path("tickets_over_time");
        assertThat(overTime.path("bucket").asText()).isEqualTo("minute");
        assertThat(overTime.path("window").asText()).isEqualTo("PT1M");
        assertThat(overTime.path("points").toString())
                .isEqualTo("[{\"start\":\"2023-11-14T22:14:00Z\",\"tickets\":5,"
                        + "\"by_team\":{\"incident\":3,\"produit\":2}}]");

        JsonNode chart = report().path("charts").path("tickets-per-team");
        assertThat(chart.path("title").asText()).isEqualTo("Tickets per team per minute: the 1-minute windows summed");
        assertThat(chart.path("labels").toString()).isEqualTo("[\"2023-11-14 22:14\"]");
        assertThat(chart.path("series").toString())
                .isEqualTo("[{\"label\":\"incident\",\"values\":[3]},{\"label\":\"produit\",\"values\":[2]}]");
    }

    @Test
    void aDayOfOutputIsDrawnPerHour() throws Exception {
        Instant midnight = Instant.parse("2021-03-10T00:00:00Z");
        files.write("stats_by_team", teamWindows(midnight, 1440, 1, TEAMS));

        JsonNode overTime = summary().path("tickets").path("tickets_over_time");
        assertThat(overTime.path("bucket").asText()).isEqualTo("hour");
        Map<Instant, Map<String, Long>> expected =
                expected(midnight, 1440, 1, i -> i.truncatedTo(ChronoUnit.HOURS), TEAMS);
        assertThat(expected).hasSize(24);
        assertThat(points(overTime)).isEqualTo(expected);

        JsonNode chart = report().path("charts").path("tickets-per-team");
        assertThat(chart.path("title").asText()).startsWith("Tickets per team per hour");
        assertThat(chart.path("labels").get(0).asText()).isEqualTo("2021-03-10 00:00");
        assertThat(chart.path("labels").get(23).asText()).isEqualTo("2021-03-10 23:00");
        // minutes 0, 3, 6… of each hour are incident's: 20 windows of 1, 2 or 3 tickets
        assertThat(chart.path("series").get(0).path("values").get(0).asLong())
                .isEqualTo(expected.get(midnight).get("incident"));
        everyChartHasAtMostMaxPoints(report());
    }

    @Test
    void hoursWithoutAnyWindowAreDrawnAsZeroNotLeftOut() throws Exception {
        Instant midnight = Instant.parse("2021-03-10T00:00:00Z");
        // tickets from 00:00 to 06:00 and from 18:00 to 24:00, none in between (the job was stopped)
        files.write(
                "stats_by_team",
                union(List.of(
                        teamWindows(midnight, 360, 1, TEAMS),
                        teamWindows(midnight.plus(18, ChronoUnit.HOURS), 360, 1, TEAMS))));

        JsonNode overTime = summary().path("tickets").path("tickets_over_time");
        assertThat(overTime.path("bucket").asText()).isEqualTo("hour");
        JsonNode points = overTime.path("points");
        assertThat(points).as("every hour of the range").hasSize(24);
        for (int hour = 0; hour < 24; hour++) {
            JsonNode point = points.get(hour);
            assertThat(Instant.parse(point.path("start").asText())).isEqualTo(midnight.plus(hour, ChronoUnit.HOURS));
            if (hour >= 6 && hour < 18) {
                assertThat(point.path("tickets").asLong()).as("hour %d", hour).isZero();
            } else {
                assertThat(point.path("tickets").asLong()).as("hour %d", hour).isPositive();
            }
        }

        JsonNode chart = report().path("charts").path("tickets-per-team");
        assertThat(chart.path("labels")).hasSize(24);
        for (JsonNode series : chart.path("series")) {
            for (int hour = 6; hour < 18; hour++) {
                assertThat(series.path("values").get(hour).asLong())
                        .as("%s at hour %d", series.path("label").asText(), hour)
                        .isZero();
            }
        }
    }

    @Test
    void twoYearsOfOutputAreDrawnPerWeek() throws Exception {
        twoYears();

        JsonNode summary = summary();
        JsonNode overTime = summary.path("tickets").path("tickets_over_time");
        assertThat(overTime.path("bucket").asText()).isEqualTo("week");
        Map<Instant, Map<String, Long>> expected =
                expected(TWO_YEARS_FROM, TWO_YEARS_WINDOWS, TWO_YEARS_STEP, InsightsTimeAxisTest::monday, TEAMS);
        assertThat(expected).hasSize(105); // the Monday 2019-12-30 to the Monday 2021-12-27
        assertThat(points(overTime)).isEqualTo(expected);
        long total = 0;
        for (long i = 0; i < TWO_YEARS_WINDOWS; i++) {
            total += ticketsIn(i);
        }
        long summed = 0;
        for (JsonNode point : overTime.path("points")) {
            summed += point.path("tickets").asLong();
        }
        assertThat(summed).as("every window in one week").isEqualTo(total);
        assertThat(overTime.path("outside").toString()).isEqualTo("{\"before\":0,\"after\":0}");
        assertThat(overTime.path("to").asText()).isEqualTo(LAST_WINDOW_END);

        JsonNode tracks = summary.path("tracks").path("tracks_over_time");
        assertThat(tracks.path("bucket").asText()).isEqualTo("week");
        assertThat(tracks.path("points")).hasSize(105);
        assertThat(tracks.path("points").get(0).toString())
                .isEqualTo("{\"start\":\"2019-12-30T00:00:00Z\",\"tracks\":"
                        + expected.get(Instant.parse("2019-12-30T00:00:00Z")).values().stream()
                                .mapToLong(Long::longValue)
                                .sum()
                        + "}");

        JsonNode report = report();
        JsonNode chart = report.path("charts").path("tickets-per-team");
        assertThat(chart.path("title").asText())
                .isEqualTo("Tickets per team per week (from Monday): the 1-minute windows summed");
        assertThat(chart.path("labels").get(0).asText()).isEqualTo("2019-12-30");
        everyChartHasAtMostMaxPoints(report);
        // the 1 % of the tickets at either end lie in its first and last week
        assertThat(report.path("ranges").toString())
                .isEqualTo("[\"tracks: 2020-01-08 to 2021-12-21 (1st to 99th percentile); all records 2020-01-01 to "
                        + "2021-12-28 (event time, UTC)\",\"tickets: 2020-01-08 to 2021-12-21 (1st to 99th percentile); "
                        + "all records 2020-01-01 to 2021-12-28 (event time, UTC)\"]");
    }

    @Test
    void aPartFileOfNoRowIsNoTimeRangeNotOneIn1970() throws Exception {
        files.write("genre_stats", "SELECT * FROM (" + genre(0, "pop", 1, 60, 0.2) + ") WHERE false");
        files.write("stats_by_team", team(0, "incident", 2, 1, 0));

        JsonNode range = summary().path("time_range");

        assertThat(range.path("tracks").isNull()).as(range.toString()).isTrue();
        assertThat(range.path("tickets").path("from").asText()).doesNotStartWith("1970");
        assertThat(report().path("ranges").toString()).doesNotContain("1970");
    }

    @Test
    void anOddRecordYearsAwayStretchesTheFullRangeNotItsBulk() throws Exception {
        twoYears();
        // one ticket whose created_at is years after the others
        files.write("stats_by_team", teamWindows(Instant.parse("2026-11-24T16:09:00Z"), 1, 1, List.of("incident")));

        JsonNode summary = summary();
        JsonNode range = summary.path("time_range").path("tickets");
        assertThat(range.path("from").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(range.path("to").asText()).isEqualTo("2026-11-24T16:10:00Z");
        JsonNode bulk = range.path("bulk");
        assertThat(bulk.path("percentiles").toString()).isEqualTo("[1,99]");
        // nearest rank over the tickets in event-time order: the outlier is the last of 16,001
        long total = 1;
        for (long i = 0; i < TWO_YEARS_WINDOWS; i++) {
            total += ticketsIn(i);
        }
        assertThat(bulk.path("from").asText())
                .isEqualTo(windowHolding((long) Math.ceil(0.01 * total)).toString());
        assertThat(bulk.path("to").asText())
                .isEqualTo(windowHolding((long) Math.ceil(0.99 * total))
                        .plus(1, ChronoUnit.MINUTES)
                        .toString());
        assertThat(bulk.path("to").asText()).startsWith("2021-12-21");

        // drawn whole, seven years would squeeze the two of them into a third of the axis: the odd ticket is
        // counted beside the chart, and the two years are drawn per week as they are without it
        JsonNode overTime = summary.path("tickets").path("tickets_over_time");
        assertThat(overTime.path("bucket").asText()).isEqualTo("week");
        assertThat(points(overTime))
                .isEqualTo(expected(
                        TWO_YEARS_FROM, TWO_YEARS_WINDOWS, TWO_YEARS_STEP, InsightsTimeAxisTest::monday, TEAMS));
        assertThat(overTime.path("outside").toString()).isEqualTo("{\"before\":0,\"after\":1}");
        assertThat(overTime.path("from").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(overTime.path("to").asText()).isEqualTo(LAST_WINDOW_END);

        JsonNode report = report();
        everyChartHasAtMostMaxPoints(report);
        assertThat(report.path("ranges").get(1).asText())
                .isEqualTo("tickets: 2020-01-08 to 2021-12-21 (1st to 99th percentile); "
                        + "all records 2020-01-01 to 2026-11-24 (event time, UTC)");
        assertThat(report.path("charts").path("tickets-per-team").path("note").asText())
                .isEqualTo("Not drawn, being far from all the others: 1 ticket after 2021-12-28 "
                        + "(the full range is in the header).");
    }

    @Test
    void anOddRecordBeforeTheRestIsLeftOutOfTheAxisAndCounted() throws Exception {
        Instant midnight = Instant.parse("2021-03-10T00:00:00Z");
        files.write("stats_by_team", teamWindows(midnight, 1440, 1, TEAMS));
        files.write("stats_by_team", teamWindows(Instant.parse("2020-03-10T12:00:00Z"), 1, 1, List.of("produit")));

        JsonNode overTime = summary().path("tickets").path("tickets_over_time");
        assertThat(overTime.path("bucket").asText())
                .as("the day drawn per hour")
                .isEqualTo("hour");
        assertThat(points(overTime))
                .isEqualTo(expected(midnight, 1440, 1, i -> i.truncatedTo(ChronoUnit.HOURS), TEAMS));
        assertThat(overTime.path("outside").toString()).isEqualTo("{\"before\":1,\"after\":0}");
        assertThat(report().path("charts").path("tickets-per-team").path("note").asText())
                .isEqualTo("Not drawn, being far from all the others: 1 ticket before 2021-03-10 00:00 "
                        + "(the full range is in the header).");
    }

    private void twoYears() throws Exception {
        files.write("stats_by_team", teamWindows(TWO_YEARS_FROM, TWO_YEARS_WINDOWS, TWO_YEARS_STEP, TEAMS));
        files.write("genre_stats", genreWindows(TWO_YEARS_FROM, TWO_YEARS_WINDOWS, TWO_YEARS_STEP));
    }

    /** The start of the two-year window that holds the ticket at this rank (from 1), in event-time order. */
    private static Instant windowHolding(long rank) {
        long seen = 0;
        for (long i = 0; ; i++) {
            seen += ticketsIn(i);
            if (seen >= rank) {
                return TWO_YEARS_FROM.plus(i * TWO_YEARS_STEP, ChronoUnit.MINUTES);
            }
        }
    }

    /** The tickets of {@link ParquetFixtures#teamWindows} summed per bucket and team, computed here. */
    private static Map<Instant, Map<String, Long>> expected(
            Instant from, long windows, long stepMinutes, Function<Instant, Instant> bucket, List<String> teams) {
        Map<Instant, Map<String, Long>> sums = new TreeMap<>();
        for (long i = 0; i < windows; i++) {
            Instant start = from.plus(i * stepMinutes, ChronoUnit.MINUTES);
            Map<String, Long> byTeam = sums.computeIfAbsent(bucket.apply(start), b -> {
                Map<String, Long> zeros = new TreeMap<>();
                teams.forEach(t -> zeros.put(t, 0L));
                return zeros;
            });
            byTeam.merge(teams.get((int) (i % teams.size())), ticketsIn(i), Long::sum);
        }
        return sums;
    }

    private static Instant monday(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    private static Instant firstOfMonth(Instant instant) {
        return YearMonth.from(LocalDate.ofInstant(instant, ZoneOffset.UTC))
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** The summary's points as bucket start → team → tickets; each point's total is its teams' sum. */
    private static Map<Instant, Map<String, Long>> points(JsonNode overTime) {
        Map<Instant, Map<String, Long>> points = new LinkedHashMap<>();
        for (JsonNode point : overTime.path("points")) {
            Map<String, Long> byTeam = new TreeMap<>();
            point.path("by_team")
                    .fields()
                    .forEachRemaining(e -> byTeam.put(e.getKey(), e.getValue().asLong()));
            assertThat(point.path("tickets").asLong())
                    .isEqualTo(
                            byTeam.values().stream().mapToLong(Long::longValue).sum());
            points.put(Instant.parse(point.path("start").asText()), byTeam);
        }
        return points;
    }

    private static void everyChartHasAtMostMaxPoints(JsonNode report) {
        List<String> drawn = new ArrayList<>();
        for (String name : ReportPage.CHARTS) {
            JsonNode chart = report.path("charts").path(name);
            assertThat(chart.path("labels").size()).as(name).isLessThanOrEqualTo(TimeBucket.MAX_POINTS);
            chart.path("series")
                    .forEach(s -> assertThat(s.path("values").size())
                            .as(name)
                            .isEqualTo(chart.path("labels").size()));
            drawn.add(name + ":" + chart.path("labels").size());
        }
        assertThat(drawn).hasSize(ReportPage.CHARTS.size());
    }

    /** Writes the insights of the output and reads the summary back. */
    private JsonNode summary() throws Exception {
        InsightsReport.write(work.resolve("output"), work.resolve("insights"), 10, Instant.now());
        return MAPPER.readTree(
                work.resolve("insights").resolve(InsightsReport.SUMMARY).toFile());
    }

    /** The data of the report that {@link #summary()} wrote beside the summary. */
    private JsonNode report() throws Exception {
        return ReportPage.data(Files.readString(work.resolve("insights").resolve(InsightsReport.REPORT)));
    }
}
