package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.MINUTE;
import static io.streamlab.pipeline.insights.ParquetFixtures.T0;
import static io.streamlab.pipeline.insights.ParquetFixtures.artist;
import static io.streamlab.pipeline.insights.ParquetFixtures.deadLetter;
import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.team;
import static io.streamlab.pipeline.insights.ParquetFixtures.union;
import static io.streamlab.pipeline.insights.ParquetFixtures.word;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.StubFlink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text of the live view; the REST side is exercised against a real job in flink-job's InsightsITCase. */
class LiveDashboardTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LiveDashboard dashboard =
            new LiveDashboard(URI.create("http://localhost:1"), Path.of("unused"), "job", 3);
    private final FlinkRestClient.Job job =
            new FlinkRestClient.Job("j1", "spotify-tickets-pipeline", "RUNNING", T0, -1, 125_000);

    @Test
    void theWebUiAddressIsShownWithoutItsPassword() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LiveDashboard live =
                new LiveDashboard(URI.create("http://admin:s3cret@127.0.0.1:1"), Path.of("unused"), "job", 3)) {
            Thread watching = new Thread(() -> {
                try {
                    live.run(Duration.ofMillis(100), out);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            watching.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!printed.toString(StandardCharsets.UTF_8).contains("[live]") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            watching.interrupt();
            watching.join(10_000);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("[live] waiting for the Flink web UI at http://127.0.0.1:1")
                .doesNotContain("s3cret");
    }

    @Test
    void aRestApiThatFailsForAWhileIsAskedAgainAndTheViewGoesOnUntilTheJobEnds(@TempDir Path work) throws Exception {
        String running = "{\"jobs\":[{\"jid\":\"j1\",\"name\":\"job\",\"state\":\"RUNNING\",\"start-time\":1}]}";
        String finished = running.replace("RUNNING", "FINISHED");
        try (StubFlink flink = new StubFlink()
                        .on("GET", "/jobs/overview", 200, running)
                        // a proxy's page while the JobManager restarts, then a dropped connection
                        .on("GET", "/jobs/overview", 503, "<html>Service Unavailable</html>")
                        .on("GET", "/jobs/overview", StubFlink.DROP, "")
                        .on("GET", "/jobs/overview", 200, running)
                        .on("GET", "/jobs/overview", 200, finished)
                        .on(
                                "GET",
                                "/jobs/j1",
                                200,
                                "{\"jid\":\"j1\",\"name\":\"job\",\"state\":\"RUNNING\",\"vertices\":[]}");
                LiveDashboard live = new LiveDashboard(flink.uri(), work.resolve("output"), "job", 3)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Thread watching = new Thread(() -> {
                try {
                    live.run(Duration.ofMillis(50), new PrintStream(printed, true, StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            watching.start();
            watching.join(60_000);
            assertThat(watching.isAlive())
                    .as("the view stops once the job has ended")
                    .isFalse();
            String text = printed.toString(StandardCharsets.UTF_8);
            // before: "does not answer: the job is gone, the live view stops" at the first failure
            assertThat(text)
                    .contains("[live] the Flink REST API at " + flink.uri() + " does not answer: trying again every")
                    .contains("[live] the Flink REST API at " + flink.uri() + " answers again")
                    .contains("FINISHED")
                    .doesNotContain("the job is gone");
            assertThat(flink.requests("GET", "/jobs/overview")).hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void ratesAreOverTheTimeSinceThePreviousView() throws Exception {
        LiveDashboard.Outputs none = LiveDashboard.Outputs.unavailable("no window committed yet");
        dashboard.render(new LiveDashboard.Snapshot(
                Instant.ofEpochMilli(T0 + 10_000), job, Map.of("tracksParsed", 1_000L), none));
        String view = dashboard.render(new LiveDashboard.Snapshot(
                Instant.ofEpochMilli(T0 + 40_000),
                job,
                Map.of(
                        "tracksParsed",
                        31_000L,
                        "ticketsParsed",
                        300L,
                        "tracksInvalid",
                        2L,
                        "ticketsLate",
                        1L,
                        "ticketsRouted.incident",
                        120L,
                        "ticketsRouted.produit",
                        180L),
                none));
        assertTrue(view.contains("tracks      31,000 read      1,000/s"), view);
        assertTrue(view.contains("tickets        300 read         10/s"), view);
        assertTrue(view.contains("routed   incident 120 · produit 180"), view);
        assertTrue(view.contains("dead letters 3"), view);
        assertTrue(view.contains("up 2m05s"), view);
        assertTrue(view.contains("committed output: no window committed yet"), view);
    }

    /** A genre is any text a record carried: one with an escape sequence cleared the screen at every refresh. */
    @Test
    void textFromTheDataCannotDriveTheTerminal() throws Exception {
        LiveDashboard.Outputs outputs = new LiveDashboard.Outputs(
                MAPPER.readTree("{\"window_start\":" + T0 + ",\"window_end\":" + (T0 + MINUTE) + ",\"track_count\":1}"),
                (ArrayNode) MAPPER.readTree("[{\"genre\":\"x\\u001b[2J\\u009b31m\\u202egnp\\u0007\\n  dead letters 0\","
                        + "\"track_count\":1}]"),
                MAPPER.createArrayNode(),
                MAPPER.createArrayNode(),
                1,
                null);
        String view =
                dashboard.render(new LiveDashboard.Snapshot(Instant.ofEpochMilli(T0 + 60_000), job, Map.of(), outputs));
        assertTrue(view.contains("top genres: x?[2J?31m?gnp??  dead letters 0 1"), view);
        assertTrue(view.chars().noneMatch(c -> c != '\n' && (Character.isISOControl(c) || c == 0x202E)), view);
        assertTrue(view.contains("UTC ───"), "box drawing is kept: " + view);
    }

    @Test
    void theLatestCommittedWindowsAreShown() throws Exception {
        LiveDashboard.Outputs outputs = new LiveDashboard.Outputs(
                MAPPER.readTree(
                        "{\"window_start\":" + T0 + ",\"window_end\":" + (T0 + MINUTE) + ",\"track_count\":1234}"),
                (ArrayNode) MAPPER.readTree(
                        "[{\"genre\":\"pop\",\"track_count\":120},{\"genre\":\"rock\",\"track_count\":98}]"),
                (ArrayNode) MAPPER.readTree("[{\"window_start\":" + T0 + ",\"window_end\":" + (T0 + MINUTE)
                        + ",\"team\":\"incident\",\"ticket_count\":12,\"high_or_critical\":4},"
                        + "{\"window_start\":" + T0
                        + ",\"team\":\"produit\",\"ticket_count\":3,\"high_or_critical\":0}]"),
                (ArrayNode) MAPPER.readTree("[{\"reason\":\"invalid JSON\",\"count\":7}]"),
                42,
                null);
        String view =
                dashboard.render(new LiveDashboard.Snapshot(Instant.ofEpochMilli(T0 + 60_000), job, Map.of(), outputs));
        assertTrue(view.contains("committed output (42 part files of the latest 2 days)"), view);
        assertTrue(
                view.contains("tracks window  2023-11-14 22:14–22:15: 1,234 tracks; top genres: pop 120, rock 98"),
                view);
        assertTrue(
                view.contains("tickets window 2023-11-14 22:14–22:15: incident 12 (4 high/critical) · produit 3"),
                view);
        assertTrue(view.contains("dead letters   invalid JSON 7"), view);
    }

    @Test
    void eachRefreshReadsOnlyThePartFilesCommittedSince(@TempDir Path work) throws Exception {
        Path output = Files.createDirectories(work.resolve("output"));
        ParquetFixtures files = new ParquetFixtures(output);
        try (LiveDashboard live = new LiveDashboard(URI.create("http://localhost:1"), output, "job", 3)) {
            assertThat(live.outputs(Instant.ofEpochMilli(T0)).problem())
                    .startsWith("no window committed yet")
                    // compaction commits every sink.compaction.checkpoints checkpoints, not on each one
                    .contains("sink.compaction.checkpoints")
                    .doesNotContain("each checkpoint");

            Path first = files.write(
                    "genre_stats", union(List.of(genre(0, "pop", 3, 60, 0.2), genre(0, "rock", 1, 40, 0.6))));
            LiveDashboard.Outputs before = live.outputs(Instant.ofEpochMilli(T0));
            assertThat(before.problem()).isNull();
            assertThat(before.committedFiles()).isEqualTo(1);
            assertThat(before.trackWindow().path("track_count").asLong()).isEqualTo(4);
            assertThat(before.teamWindow()).isNull();

            // the view keeps what it read: garbage in place of a file read before is never opened
            Files.writeString(first, "not a parquet file any more");
            files.write("genre_stats", genre(1, "jazz", 2, 50, 0.5));
            files.write("stats_by_team", team(1, "incident", 2, 1, 0));
            LiveDashboard.Outputs after = live.outputs(Instant.ofEpochMilli(T0));
            assertThat(after.problem()).isNull();
            assertThat(after.committedFiles()).isEqualTo(3);
            assertThat(after.trackWindow().path("window_start").asLong()).isEqualTo(T0 + MINUTE);
            assertThat(after.topGenres().toString()).contains("\"genre\":\"jazz\"");
            assertThat(after.teamWindow()).hasSize(1);
        }
    }

    @Test
    void aDamagedCommittedFileIsLeftOutAndTheRestIsShown(@TempDir Path work) throws Exception {
        Path output = Files.createDirectories(work.resolve("output"));
        ParquetFixtures files = new ParquetFixtures(output);
        files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        // a part file cut short (copied back half-way): before, every dataset was blank, and everything was
        // read again at every refresh
        Path damaged = files.write("genre_stats", genre(1, "rock", 1, 40, 0.6));
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        files.write("stats_by_team", team(0, "incident", 2, 1, 0));
        try (LiveDashboard live = new LiveDashboard(URI.create("http://localhost:1"), output, "job", 3)) {
            LiveDashboard.Outputs shown = live.outputs(Instant.ofEpochMilli(T0));

            assertThat(shown.problem()).isNull();
            assertThat(shown.trackWindow().path("track_count").asLong()).isEqualTo(3);
            assertThat(shown.teamWindow()).hasSize(1);
            assertThat(shown.leftOut()).startsWith("1 unreadable, left out (first: genre_stats/");
            ParquetCatalog catalog = live.catalog();

            files.write("genre_stats", genre(2, "jazz", 2, 50, 0.5));
            LiveDashboard.Outputs next = live.outputs(Instant.ofEpochMilli(T0));
            assertThat(live.catalog())
                    .as("the same catalog: nothing read again")
                    .isSameAs(catalog);
            assertThat(next.trackWindow().path("window_start").asLong()).isEqualTo(T0 + 2 * MINUTE);
            assertThat(next.leftOut()).startsWith("1 unreadable");

            // the report refuses such a file, naming it
            assertThatThrownBy(() -> ParquetCatalog.open(OutputDirectory.scan(output)))
                    .hasMessageContaining(damaged.getFileName().toString());

            // the copy completes: the file is read at the next refresh
            Files.write(damaged, bytes);
            LiveDashboard.Outputs whole = live.outputs(Instant.ofEpochMilli(T0));
            assertThat(whole.leftOut()).isNull();
            assertThat(live.catalog().rows("SELECT genre FROM genre_stats").toString())
                    .contains("rock");
        }
    }

    @Test
    void aFileWhoseFooterReadsButWhoseRowsDoNotIsLeftOutAndTheRestIsShown(@TempDir Path work) throws Exception {
        Path output = Files.createDirectories(work.resolve("output"));
        ParquetFixtures files = new ParquetFixtures(output);
        files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        // damaged pages behind an intact footer: the footer check let it through, and the read of every file
        // failed on it at each refresh, so the whole view showed nothing but the error
        Path damaged = files.write("genre_stats", genre(1, "rock", 1, 40, 0.6));
        byte[] bytes = Files.readAllBytes(damaged);
        byte[] broken = bytes.clone();
        java.util.Arrays.fill(broken, 4, 40, (byte) 0xFF);
        Files.write(damaged, broken);
        // files another tool wrote into the folder: one without the job's columns, one with a column of
        // another type
        Path foreign = files.write("genre_stats", "SELECT 1 AS something_else");
        Path textCount = files.write(
                "genre_stats",
                genre(2, "jazz", 2, 50, 0.5).replace("::BIGINT AS track_count", "::VARCHAR AS track_count"));
        files.write("stats_by_team", team(0, "incident", 2, 1, 0));
        try (LiveDashboard live = new LiveDashboard(URI.create("http://localhost:1"), output, "job", 3)) {
            LiveDashboard.Outputs shown = live.outputs(Instant.ofEpochMilli(T0));

            assertThat(shown.problem()).isNull();
            assertThat(shown.trackWindow().path("track_count").asLong()).isEqualTo(3);
            assertThat(shown.teamWindow()).hasSize(1);
            assertThat(shown.leftOut()).startsWith("3 unreadable, left out (first: genre_stats/");
            assertThat(live.catalog().leftOut())
                    .containsOnlyKeys(damaged, foreign, textCount)
                    .hasEntrySatisfying(foreign, why -> assertThat(why).contains("lack the column"))
                    .hasEntrySatisfying(textCount, why -> assertThat(why).contains("track_count is BYTE_ARRAY"));
            ParquetCatalog catalog = live.catalog();

            files.write("genre_stats", genre(3, "blues", 4, 50, 0.5));
            LiveDashboard.Outputs next = live.outputs(Instant.ofEpochMilli(T0));
            assertThat(live.catalog())
                    .as("the same catalog: nothing read again")
                    .isSameAs(catalog);
            assertThat(next.trackWindow().path("window_start").asLong()).isEqualTo(T0 + 3 * MINUTE);
            assertThat(live.catalog()
                            .rows("SELECT genre FROM genre_stats ORDER BY genre")
                            .toString())
                    .contains("pop", "blues")
                    .doesNotContain("rock", "jazz");

            // the report still refuses such files
            assertThatThrownBy(() -> ParquetCatalog.open(OutputDirectory.scan(output)))
                    .isInstanceOf(RuntimeException.class);

            // the damaged file is copied again whole: it is read at the next refresh (same size, a later time)
            Files.write(damaged, bytes);
            Files.setLastModifiedTime(
                    damaged,
                    java.nio.file.attribute.FileTime.fromMillis(
                            Files.getLastModifiedTime(damaged).toMillis() + 2_000));
            live.outputs(Instant.ofEpochMilli(T0));
            assertThat(live.catalog().leftOut()).containsOnlyKeys(foreign, textCount);
            assertThat(live.catalog().rows("SELECT genre FROM genre_stats").toString())
                    .contains("rock");
        }
    }

    /** Every file of a dataset without the job's columns is an output of an older version: the view says so. */
    @Test
    void anOutputOfAnOlderVersionIsNamedAsSuchNotLeftOutFileByFile(@TempDir Path work) throws Exception {
        Path output = Files.createDirectories(work.resolve("output"));
        ParquetFixtures files = new ParquetFixtures(output);
        files.write("genre_stats", "SELECT 1::BIGINT AS window_start, 'pop' AS genre");
        files.write("genre_stats", "SELECT 2::BIGINT AS window_start, 'rock' AS genre");
        try (LiveDashboard live = new LiveDashboard(URI.create("http://localhost:1"), output, "job", 3)) {
            LiveDashboard.Outputs shown = live.outputs(Instant.ofEpochMilli(T0));

            assertThat(shown.problem()).contains("2 of 2 part file(s) lack the column(s)", "older version of the job");
        }
    }

    @Test
    void aViewLeftRunningHoldsItsLatestHourNotEverythingCommitted(@TempDir Path work) throws Exception {
        Path output = Files.createDirectories(work.resolve("output"));
        ParquetFixtures files = new ParquetFixtures(output);
        files.write("word_frequency", word(0, "imprimante", 3));
        files.write("artist_stats", artist(0, "A", 1, 50));
        try (LiveDashboard live = new LiveDashboard(URI.create("http://localhost:1"), output, "job", 3)) {
            for (int window = 0; window < 180; window += 30) {
                files.write("genre_stats", genre(window, "pop", 1, 60, 0.2));
                files.write("stats_by_team", team(window, "incident", 2, 1, 0));
                files.write(
                        "dead_letters",
                        "SELECT * REPLACE (" + (T0 + window * MINUTE) + "::BIGINT AS detected_at) FROM ("
                                + deadLetter("t", "invalid JSON: x") + ")");
                LiveDashboard.Outputs outputs = live.outputs(Instant.ofEpochMilli(T0 + window * MINUTE));
                assertThat(outputs.problem()).isNull();
                assertThat(outputs.trackWindow().path("window_start").asLong()).isEqualTo(T0 + window * MINUTE);
            }
            ParquetCatalog catalog = live.catalog();
            assertThat(catalog.rowsHeld(Dataset.GENRE_STATS))
                    .as("windows 90, 120 and 150 of 0 to 150 minutes: the last hour")
                    .isEqualTo(3);
            assertThat(catalog.rowsHeld(Dataset.STATS_BY_TEAM)).isEqualTo(3);
            assertThat(catalog.rowsHeld(Dataset.DEAD_LETTERS))
                    .as("detected in the last hour")
                    .isEqualTo(3);
            assertThat(catalog.has(Dataset.WORD_FREQUENCY))
                    .as("not shown, not read")
                    .isFalse();
            assertThat(catalog.has(Dataset.ARTIST_STATS)).isFalse();
        }
    }

    @Test
    void deadLettersOfABurstLongAgoAreNotShownAsTheLastHour(@TempDir Path work) throws Exception {
        Path output = Files.createDirectories(work.resolve("output"));
        ParquetFixtures files = new ParquetFixtures(output);
        files.write("genre_stats", genre(0, "pop", 1, 60, 0.2));
        files.write("dead_letters", deadLetter("t", "invalid JSON: x"));
        try (LiveDashboard live = new LiveDashboard(URI.create("http://localhost:1"), output, "job", 3)) {
            assertThat(live.outputs(Instant.ofEpochMilli(T0 + 59 * MINUTE)).deadLetterReasons())
                    .as("detected 59 minutes ago")
                    .hasSize(1);
            LiveDashboard.Outputs dayLater = live.outputs(Instant.ofEpochMilli(T0 + 24 * 60 * MINUTE));
            assertThat(dayLater.deadLetterReasons())
                    .as("a day later, none since")
                    .isEmpty();
            String view = dashboard.render(
                    new LiveDashboard.Snapshot(Instant.ofEpochMilli(T0 + 24 * 60 * MINUTE), job, Map.of(), dayLater));
            assertThat(view).doesNotContain("dead letters   ");
        }
    }

    @Test
    void groupedMetricsAreKeyedByTheirGroupValue() {
        assertEquals("ticketsRouted.incident", FlinkRest.key("0.Route_tickets_to_teams.team.incident.ticketsRouted"));
        assertEquals("tracksParsed", FlinkRest.key("1.Validate_tracks.tracksParsed"));
    }
}
