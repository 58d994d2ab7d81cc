package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any text is a genre or a ticket type: the summary lists the most frequent ones, the exports every one. */
class InsightsListBoundsTest {
    @TempDir
    Path work;

    @Test
    void genreProfilesAndTicketTypesStopAtTheBoundWithANoteAndTheExportsHaveEveryOne() throws Exception {
        int many = Insights.MAX_LISTED + 1;
        ParquetFixtures files = new ParquetFixtures(work.resolve("output"));
        // genre g-0 has the most tracks, then g-1, ...: the one left out is the last
        files.write(
                "genre_stats",
                genre(0, "GENRE", 1, 50, 0.5)
                                .replace("'GENRE' AS genre", "'g-' || lpad(i::VARCHAR, 4, '0') AS genre")
                                .replace("1::BIGINT AS track_count", "(10000 - i)::BIGINT AS track_count")
                        + " FROM range(" + many + ") t(i)");
        files.write(
                "tickets_enriched",
                ticket("T", "c1", "TYPE", "incident", 2, List.of("panne"))
                                .replace("'T' AS ticket_id", "'T-' || i AS ticket_id")
                                .replace("'TYPE' AS type", "'type-' || i AS type")
                        + " FROM range(" + many + ") t(i)");
        Path target = work.resolve("insights");

        InsightsReport.write(work.resolve("output"), target, 10, Instant.now());

        JsonNode summary = new ObjectMapper()
                .readTree(target.resolve(InsightsReport.SUMMARY).toFile());
        JsonNode profiles = summary.path("tracks").path("genre_profiles");
        assertThat(profiles).hasSize(Insights.MAX_LISTED);
        assertThat(profiles.get(0).path("genre").asText()).isEqualTo("g-0000");
        assertThat(summary.path("tracks").path("genre_profiles_note").asText())
                .isEqualTo("the 1000 genres with the most tracks, of 1001; top_genres.csv lists every one");
        assertThat(summary.path("tickets").path("by_type")).hasSize(Insights.MAX_LISTED);
        assertThat(summary.path("tickets").path("by_type_note").asText())
                .isEqualTo("the 1000 most frequent types; stats_by_type.csv has every one");
        assertThat(Files.readAllLines(target.resolve(InsightsReport.TOP_GENRES)))
                .as("the header and every genre")
                .hasSize(many + 1);
    }
}
