package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.deadLetter;
import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticket;
import static io.streamlab.pipeline.insights.ParquetFixtures.times;
import static io.streamlab.pipeline.insights.ParquetFixtures.union;
import static io.streamlab.pipeline.insights.ParquetFixtures.word;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Late records and invalid records counted and drawn apart, with labels that keep their start. */
class InsightsDeadLettersTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LATE_REASON =
            "late: event time 2020-03-02T08:00:01Z arrived after its window had been emitted (watermark …)";
    private static final String LONG_REASON = "field 'timestamp' must be a number of milliseconds since the epoch "
            + "or an ISO-8601 text such as 2020-03-02T08:00:01Z, as the contract says";

    @TempDir
    Path work;

    ParquetFixtures files;

    @BeforeEach
    void aTicket() throws Exception {
        files = new ParquetFixtures(work.resolve("output"));
        files.write("tickets_enriched", ticket("T1", "c1", "incident", "incident", 2, List.of("panne")));
    }

    @Test
    void hugeLossesInHandMadeReportsNeitherOverflowNorFailTheReport() throws Exception {
        String reason = "deleted-unread: offsets 0 to 1 of t-%d (at most 9000000000000000000 records) were deleted";
        files.write(
                "dead_letters",
                union(List.of(
                        deadLetter("t", 0, 0, "deleted-unread", String.format(reason, 0)),
                        deadLetter("t", 1, 0, "deleted-unread", String.format(reason, 1)),
                        deadLetter("u", 0, 0, "deleted-unread", String.format(reason, 0)))));

        JsonNode deleted = insights().summary().path("dead_letters").path("deleted_unread");

        // before: an ArithmeticException and its stack trace, for the sum past a long
        assertThat(deleted.path("by_topic").path("t").path("records_at_most").asLong())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(deleted.path("records_at_most").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(deleted.path("reports").asLong()).isEqualTo(3);
    }

    @Test
    void hugeCountsInHandMadeWindowRowsNeitherOverflowNorFailTheReport() throws Exception {
        long max = Long.MAX_VALUE;
        files.write("genre_stats", union(List.of(genre(0, "pop", max, 50, 0.5), genre(1, "pop", max, 50, 0.5))));
        files.write("word_frequency", union(List.of(word(0, "panne", max), word(1, "panne", max))));

        // before: "Conversion Error: Type INT128 … can't be cast", and the report failed with exit 1
        JsonNode summary = insights().summary();

        assertThat(summary.path("tracks").path("total").asLong()).isEqualTo(max);
        assertThat(summary.path("tracks")
                        .path("top_genres")
                        .path(0)
                        .path("track_count")
                        .asLong())
                .as(summary.path("tracks").path("top_genres").toString())
                .isEqualTo(max);
        assertThat(summary.path("tickets").path("top_keywords").toString()).contains("\"panne\"");
    }

    @Test
    void aCommittedFileOfNoRowCountsNoTrackNotTheLargestLong() throws Exception {
        files.write("genre_stats", genre(0, "pop", 1, 50, 0.5) + " WHERE false");

        JsonNode tracks = insights().summary().path("tracks");

        // the sums stop at the ends of a long; a sum of no row is no track, not the largest long
        assertThat(tracks.path("total").asLong()).isZero();
        assertThat(tracks.path("top_genres")).isEmpty();
    }

    @Test
    void inputDeletedBeforeTheJobReadItIsNeitherLateNorInvalidAndEveryReportSaysWhatIsMissing() throws Exception {
        files.write(
                "dead_letters",
                union(List.of(
                        deadLetter("client_tickets", "late", LATE_REASON),
                        deadLetter("client_tickets", "invalid-json", "invalid JSON: Unexpected character ('n')"),
                        times(
                                2, // reported again by a restore of an earlier snapshot: one loss
                                deadLetter(
                                        "client_tickets",
                                        1,
                                        120,
                                        "deleted-unread",
                                        "deleted-unread: offsets 120 to 339 of client_tickets-1 (at most 220 records)"
                                                + " were deleted, by the topic's retention, before the job read them;"
                                                + " reading on from offset 340")),
                        deadLetter(
                                "client_tickets",
                                0,
                                7,
                                "deleted-unread",
                                "deleted-unread: offsets 7 to 11 of client_tickets-0 (at most 5 records) were"
                                        + " deleted, by the topic's retention, before the job read them; reading on"
                                        + " from offset 12"),
                        deadLetter(
                                "spotify-tracks",
                                2,
                                900,
                                "deleted-unread",
                                "deleted-unread: the job's position 900 is past the end 40 of spotify-tracks-2 (the"
                                        + " topic was recreated, or its log lost records); reading it from its oldest"
                                        + " record, offset 0"))));

        Written out = insights();
        JsonNode dead = out.summary().path("dead_letters");
        assertThat(dead.path("late").path("total").asLong()).isEqualTo(1);
        assertThat(dead.path("invalid").toString())
                .as("a report of deleted input is not an invalid record")
                .isEqualTo("{\"total\":1,\"by_topic\":{\"client_tickets\":1,\"spotify-tracks\":0}}");
        assertThat(dead.path("deleted_unread").toString())
                .isEqualTo("{\"reports\":3,\"records_at_most\":225,\"by_topic\":{"
                        + "\"client_tickets\":{\"reports\":2,\"records_at_most\":225},"
                        + "\"spotify-tracks\":{\"reports\":1,\"records_at_most\":0}}}");
        List<String> notes = new java.util.ArrayList<>();
        out.summary().path("notes").forEach(n -> notes.add(n.asText()));
        assertThat(notes)
                .contains(
                        "client_tickets: up to 225 record(s) were deleted, by the topic's retention, before the job"
                                + " read them (2 deleted-unread dead letter(s)): every figure of this input misses"
                                + " them",
                        "spotify-tracks: 1 deleted-unread dead letter(s): a position past its partition's end (the"
                                + " topic was recreated); see their reasons");
        assertThat(out.report()
                        .path("charts")
                        .path("invalid-records")
                        .path("labels")
                        .toString())
                .isEqualTo("[\"client_tickets: invalid JSON\"]");
    }

    @Test
    void lateAndInvalidRecordsAreCountedApart() throws Exception {
        files.write(
                "dead_letters",
                union(List.of(
                        times(2873, deadLetter("client_tickets", "late", LATE_REASON)),
                        times(2, deadLetter("spotify-tracks", "late", LATE_REASON)),
                        times(
                                3,
                                deadLetter(
                                        "spotify-tracks",
                                        "out-of-range",
                                        "field 'popularity' is out of range: 150 (expected 0-100)")),
                        deadLetter("client_tickets", "invalid-json", "invalid JSON: Unexpected character ('n')"),
                        deadLetter("spotify-tracks", "wrong-type", LONG_REASON))));

        Written out = insights();
        JsonNode dead = out.summary().path("dead_letters");
        assertThat(dead.path("total").asLong()).isEqualTo(2880);
        assertThat(dead.path("late").toString())
                .isEqualTo("{\"total\":2875,\"by_topic\":{\"client_tickets\":2873,\"spotify-tracks\":2}}");
        assertThat(dead.path("invalid").toString())
                .isEqualTo("{\"total\":5,\"by_topic\":{\"client_tickets\":1,\"spotify-tracks\":4}}");
        assertThat(dead.path("by_category").toString())
                .isEqualTo("{\"late\":2875,\"out-of-range\":3,\"invalid-json\":1,\"wrong-type\":1}");
        assertThat(dead.path("by_topic").toString()).isEqualTo("{\"client_tickets\":2874,\"spotify-tracks\":6}");

        JsonNode charts = out.report().path("charts");
        JsonNode late = charts.path("late-records");
        assertThat(late.path("labels").toString()).isEqualTo("[\"client_tickets\",\"spotify-tracks\"]");
        assertThat(late.path("values").toString()).isEqualTo("[2873,2]");
        JsonNode invalid = charts.path("invalid-records");
        assertThat(invalid.path("labels").toString())
                .isEqualTo("[\"spotify-tracks: field 'popularity' is out of range\","
                        + "\"client_tickets: invalid JSON\","
                        + "\"spotify-tracks: field 'timestamp' must be a number of milliseconds since the epoch "
                        + "or an ISO-8601 text such as 2020-03-02T08\"]");
        assertThat(invalid.path("values").toString())
                .as("no late record among them")
                .isEqualTo("[3,1,1]");
        assertThat(invalid.path("total").asLong()).isEqualTo(5);
    }

    @Test
    void labelsAreWrappedWholeNotCutAtTheirStart() throws Exception {
        files.write("dead_letters", deadLetter("spotify-tracks", "wrong-type", LONG_REASON));

        JsonNode invalid = insights().report().path("charts").path("invalid-records");
        String label = invalid.path("labels").get(0).asText();
        List<String> lines = new ArrayList<>();
        invalid.path("lines").get(0).forEach(l -> lines.add(l.asText()));
        assertThat(lines)
                .hasSizeBetween(2, ChartLabels.LINES)
                .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(ChartLabels.LINE));
        String drawn = String.join(" ", lines);
        assertThat(drawn).startsWith("spotify-tracks: field 'timestamp' must be");
        assertThat(drawn).endsWith("…");
        assertThat(label).as("only the end is left out").startsWith(drawn.substring(0, drawn.length() - 1));
    }

    @Test
    void partFilesWithoutTheCategoryColumnTellLateRecordsByTheirReason() throws Exception {
        // an older job wrote no category; a newer one did, in another part file of the same output
        files.write(
                "dead_letters",
                union(List.of(
                        deadLetter("client_tickets", LATE_REASON),
                        deadLetter(
                                "client_tickets", "unknown priority 'urgent' (expected low, medium, high or critical)"),
                        deadLetter("spotify-tracks", "invalid JSON: Unexpected character"))));
        files.write("dead_letters", deadLetter("spotify-tracks", "late", LATE_REASON));

        Written out = insights();
        JsonNode dead = out.summary().path("dead_letters");
        assertThat(dead.path("late").path("by_topic").toString())
                .isEqualTo("{\"client_tickets\":1,\"spotify-tracks\":1}");
        assertThat(dead.path("invalid").path("total").asLong()).isEqualTo(2);
        assertThat(dead.path("by_category").toString()).isEqualTo("{\"late\":2,\"uncategorised\":2}");
    }

    @Test
    void onlyOlderPartFilesWithoutTheCategoryColumnAtAll() throws Exception {
        files.write(
                "dead_letters",
                union(List.of(
                        deadLetter("client_tickets", LATE_REASON),
                        deadLetter("spotify-tracks", "invalid JSON: Unexpected character"))));

        Written out = insights();
        JsonNode dead = out.summary().path("dead_letters");
        assertThat(dead.path("late").path("total").asLong()).isEqualTo(1);
        assertThat(dead.path("invalid").path("by_topic").toString())
                .isEqualTo("{\"client_tickets\":0,\"spotify-tracks\":1}");
        JsonNode charts = out.report().path("charts");
        assertThat(charts.path("late-records").path("values").toString()).isEqualTo("[1,0]");
        assertThat(charts.path("invalid-records").path("labels").toString())
                .isEqualTo("[\"spotify-tracks: invalid JSON\"]");
    }

    @Test
    void manyReasonsEndInOneBarOfTheRest() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int field = 1; field <= 30; field++) {
            rows.add(times(
                    field, deadLetter("spotify-tracks", "missing-field", "missing required field 'f" + field + "'")));
        }
        files.write("dead_letters", union(rows));

        JsonNode invalid = insights().report().path("charts").path("invalid-records");
        assertThat(invalid.path("labels")).hasSize(InsightsReport.INVALID_REASONS);
        assertThat(invalid.path("labels").get(0).asText()).isEqualTo("spotify-tracks: missing required field 'f30'");
        // fields 30 down to 12 drawn, 11 down to 1 summed: 66 records
        assertThat(invalid.path("labels").get(19).asText()).isEqualTo("11 other reasons");
        assertThat(invalid.path("values").get(19).asLong()).isEqualTo(66);
    }

    @Test
    void noDeadLetterFolderMeansNoneOfEither() throws Exception {
        Written out = insights();
        JsonNode dead = out.summary().path("dead_letters");
        assertThat(dead.path("late").toString()).isEqualTo("{\"total\":0,\"by_topic\":{}}");
        assertThat(dead.path("invalid").toString()).isEqualTo("{\"total\":0,\"by_topic\":{}}");
        JsonNode charts = out.report().path("charts");
        assertThat(charts.path("late-records").path("labels")).isEmpty();
        assertThat(charts.path("invalid-records").path("labels")).isEmpty();
    }

    private record Written(JsonNode summary, JsonNode report) {}

    /** Writes the insights of the output and reads the summary and the report's data back. */
    private Written insights() throws Exception {
        Path target = work.resolve("insights");
        InsightsReport.write(work.resolve("output"), target, 10, Instant.now());
        return new Written(
                MAPPER.readTree(target.resolve(InsightsReport.SUMMARY).toFile()),
                ReportPage.data(Files.readString(target.resolve(InsightsReport.REPORT))));
    }
}
