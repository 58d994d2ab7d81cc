package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of issue #18's output ({@link LongRangeOutput}): two years of tickets, one odd ticket years
 * later, late and invalid records. With {@code -Dinsights.long-range.dir=/some/dir} the output and its
 * {@code _insights/} stay there, to open or to screenshot (README.md says how).
 */
class LongRangeReportTest {

    @TempDir
    Path temp;

    @Test
    void twoYearsOfTicketsAndAnOddOneMakeAReadableReport() throws Exception {
        String kept = System.getProperty("insights.long-range.dir");
        Path output = kept == null ? temp.resolve("output") : Path.of(kept);
        LongRangeOutput.write(output);
        Path target = output.resolve("_insights");
        InsightsReport.write(output, target, 10, Instant.parse("2026-11-24T17:00:00Z"));
        JsonNode summary = new ObjectMapper()
                .readTree(target.resolve(InsightsReport.SUMMARY).toFile());
        JsonNode report = ReportPage.data(Files.readString(target.resolve(InsightsReport.REPORT)));

        assertThat(summary.path("tickets").path("total").asLong()).isEqualTo(LongRangeOutput.TICKETS);
        assertThat(summary.path("tracks").path("total").asLong()).isEqualTo(LongRangeOutput.TRACKS);
        JsonNode tickets = summary.path("tickets").path("tickets_over_time");
        assertThat(tickets.path("bucket").asText()).isEqualTo("week");
        assertThat(tickets.path("points")).hasSize(105); // the weeks from Monday 2021-12-27 to Monday 2023-12-25
        assertThat(tickets.path("outside").toString()).isEqualTo("{\"before\":0,\"after\":1}");
        long drawn = 0;
        for (JsonNode point : tickets.path("points")) {
            drawn += point.path("tickets").asLong();
        }
        assertThat(drawn).as("every ticket but the odd one").isEqualTo(LongRangeOutput.TICKETS - 1);
        JsonNode tracks = summary.path("tracks").path("tracks_over_time");
        assertThat(tracks.path("bucket").asText()).as("three hours: per minute").isEqualTo("minute");
        assertThat(tracks.path("points")).hasSize(190);
        assertThat(summary.path("time_range").path("tickets").path("to").asText())
                .startsWith("2026-11-24");
        assertThat(summary.path("time_range")
                        .path("tickets")
                        .path("bulk")
                        .path("to")
                        .asText())
                .startsWith("2023-12");

        JsonNode dead = summary.path("dead_letters");
        assertThat(dead.path("late").path("by_topic").toString())
                .isEqualTo("{\"client_tickets\":2873,\"spotify-tracks\":41}");
        assertThat(dead.path("invalid").path("total").asLong()).isEqualTo(73);

        Map<String, Integer> points = new LinkedHashMap<>();
        for (String chart : ReportPage.CHARTS) {
            points.put(chart, report.path("charts").path(chart).path("labels").size());
        }
        assertThat(points)
                .containsExactly(
                        Map.entry("top-genres", 10),
                        Map.entry("top-artists", 10),
                        Map.entry("genre-profiles", 7),
                        Map.entry("tickets-per-team", 105),
                        Map.entry("priority-mix", 4),
                        Map.entry("top-keywords", 10),
                        Map.entry("late-records", 2),
                        Map.entry("invalid-records", 8));
    }
}
