package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.T0;
import static io.streamlab.pipeline.insights.ParquetFixtures.artist;
import static io.streamlab.pipeline.insights.ParquetFixtures.deadLetter;
import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.team;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticket;
import static io.streamlab.pipeline.insights.ParquetFixtures.type;
import static io.streamlab.pipeline.insights.ParquetFixtures.union;
import static io.streamlab.pipeline.insights.ParquetFixtures.word;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report over small hand-made datasets whose every figure is worked out in the comments. */
class InsightsReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path work;

    Path output;
    Path target;

    @BeforeEach
    void writeDatasets() throws Exception {
        output = work.resolve("output");
        target = work.resolve("insights");
        ParquetFixtures files = new ParquetFixtures(output);
        // window 0: pop 3 tracks (popularity 60, features 0.2), rock 1 (40, 0.6)
        files.write("genre_stats", union(List.of(genre(0, "pop", 3, 60, 0.2), genre(0, "rock", 1, 40, 0.6))));
        // window 1 in another part file: pop 1 (80, 0.6), rock 3 (20, 0.2), jazz 2 (50, 0.5)
        files.write(
                "genre_stats",
                union(List.of(
                        genre(1, "pop", 1, 80, 0.6), genre(1, "rock", 3, 20, 0.2), genre(1, "jazz", 2, 50, 0.5))));
        files.write(
                "artist_stats",
                union(List.of(
                        artist(0, "Ana", 2, 50),
                        artist(0, "Zed", 2, 70),
                        artist(1, "Zed", 3, 90),
                        artist(1, "Björk", 1, 10))));
        files.write(
                "tickets_enriched",
                union(List.of(
                        ticket("T1", "c1", "incident", "incident", 4, List.of("ecran", "panne")),
                        ticket("T2", "c1", "question", "support_general", 1, List.of("facture")),
                        ticket("T3", "c2", "Feature-Request", "produit", 3, List.of("export", "ecran")),
                        ticket("T4", "c3", "incident", "incident", 3, List.of("panne")),
                        ticket("T5", "c2", "billing", "support_general", 2, List.of("facture", "panne")))));
        files.write(
                "stats_by_team",
                union(List.of(
                        team(0, "incident", 2, 1, 1),
                        team(0, "support_general", 1, 0, 0),
                        team(1, "support_general", 1, 0, 0),
                        team(1, "produit", 1, 1, 0))));
        files.write(
                "stats_by_type",
                union(List.of(
                        type(1, "feature_request", 1, 1),
                        type(0, "question", 1, 1),
                        type(0, "incident", 2, 2),
                        type(1, "billing", 1, 1))));
        files.write(
                "word_frequency",
                union(List.of(
                        word(0, "panne", 2),
                        word(0, "ecran", 1),
                        word(0, "facture", 1),
                        word(1, "ecran", 1),
                        word(1, "export", 1),
                        word(1, "facture", 1),
                        word(1, "panne", 1))));
        files.write(
                "dead_letters",
                union(List.of(
                        deadLetter("spotify-tracks", "field 'popularity' is out of range: 150 (expected 0-100)"),
                        deadLetter("spotify-tracks", "field 'popularity' is out of range: 101 (expected 0-100)"),
                        deadLetter("spotify-tracks", "invalid JSON: Unexpected character ('n' (code 110))"),
                        deadLetter(
                                "client_tickets",
                                "unknown priority 'urgent' (expected low, medium, high or critical)"))));
        // what the job has not committed yet must not count: an in-progress file and a pending one
        Files.writeString(
                output.resolve("genre_stats/dt=2023-11-14/.genre_stats-9.parquet.inprogress.1234"), "garbage");
        Files.writeString(output.resolve("genre_stats/dt=2023-11-14/.genre_stats-8.parquet.pending"), "garbage");
    }

    @Test
    void theSummaryHoldsTheFiguresOfTheCommittedFiles() throws Exception {
        InsightsReport.write(output, target, 10, Instant.parse("2026-01-01T00:00:00Z"));
        JsonNode summary =
                MAPPER.readTree(target.resolve("insights_summary.json").toFile());

        JsonNode tracks = summary.get("tracks");
        assertEquals(10, tracks.get("total").asLong());
        assertEquals(2, tracks.get("windows").asLong());
        assertEquals(3, tracks.get("distinct_genres").asLong());
        assertEquals(3, tracks.get("distinct_artists").asLong());
        assertEquals(5.0, tracks.get("per_window_avg").asDouble());
        assertEquals(5.0, tracks.get("per_event_minute").asDouble(), "10 tracks over 2 minutes of event time");
        // (3*60 + 40 + 80 + 3*20 + 2*50) / 10
        assertEquals(46.0, tracks.get("popularity_avg").asDouble(), 1e-9);
        // pop and rock tie at 4: the name decides
        assertEquals(List.of("pop:4", "rock:4", "jazz:2"), pairs(tracks.get("top_genres"), "genre", "track_count"));
        assertEquals(65.0, tracks.get("top_genres").get(0).get("popularity_avg").asDouble(), 1e-9, "(3*60 + 80) / 4");
        assertEquals(0.4, tracks.get("top_genres").get(0).get("share").asDouble(), 1e-9);
        assertEquals(List.of("Zed:5", "Ana:2", "Björk:1"), pairs(tracks.get("top_artists"), "artist", "track_count"));
        assertEquals(
                82.0, tracks.get("top_artists").get(0).get("popularity_avg").asDouble(), 1e-9, "(2*70 + 3*90) / 5");

        JsonNode latest = tracks.get("latest_window");
        assertEquals(T0 + 60_000, latest.get("window_start").asLong());
        assertEquals(6, latest.get("track_count").asLong());
        assertEquals(List.of("rock:3", "jazz:2", "pop:1"), pairs(latest.get("top_genres"), "genre", "track_count"));
        assertEquals(List.of("Zed:3", "Björk:1"), pairs(latest.get("top_artists"), "artist", "track_count"));

        JsonNode pop = tracks.get("genre_profiles").get(0);
        assertEquals("pop", pop.get("genre").asText());
        assertEquals(0.3, pop.get("danceability").asDouble(), 1e-9, "(3*0.2 + 0.6) / 4");
        assertEquals(0.3, pop.get("valence").asDouble(), 1e-9);
        assertEquals(-7.5, pop.get("loudness").asDouble(), 1e-9);
        assertEquals(3, tracks.get("genre_profiles").size(), "every genre has a profile");

        JsonNode tickets = summary.get("tickets");
        assertEquals(5, tickets.get("total").asLong());
        assertEquals(3, tickets.get("distinct_clients").asLong());
        assertEquals(0.6, tickets.get("high_or_critical_share").asDouble(), 1e-9, "T1 critical, T3 and T4 high");
        assertEquals(
                "{\"incident\":2,\"billing\":1,\"feature_request\":1,\"question\":1}",
                tickets.get("by_type").toString());
        assertEquals(
                "{\"incident\":2,\"support_general\":2,\"produit\":1}",
                tickets.get("by_team").toString());
        assertEquals(
                "{\"low\":1,\"medium\":1,\"high\":2,\"critical\":1}",
                tickets.get("by_priority").toString());
        assertEquals("incident", tickets.get("busiest_team").get("team").asText(), "ties broken by name");
        assertEquals(0.4, tickets.get("busiest_team").get("share").asDouble(), 1e-9);
        assertEquals(2, tickets.get("windows").asLong());
        assertEquals(
                List.of("panne:3", "ecran:2", "facture:2", "export:1"),
                pairs(tickets.get("top_keywords"), "word", "tickets"));
        assertEquals(
                List.of("panne:2", "ecran:1"),
                pairs(tickets.get("top_keywords_by_team").get("incident"), "word", "tickets"));
        assertEquals(
                List.of("ecran:1", "export:1"),
                pairs(tickets.get("top_keywords_by_team").get("produit"), "word", "tickets"));
        assertEquals(
                List.of("produit:1", "support_general:1"),
                pairs(tickets.get("latest_window_by_team"), "team", "ticket_count"));

        JsonNode dead = summary.get("dead_letters");
        assertEquals(4, dead.get("total").asLong());
        assertEquals(
                List.of("field 'popularity' is out of range:2", "unknown priority:1", "invalid JSON:1"),
                pairs(dead.get("by_reason"), "reason", "count"),
                "values of the records are not part of the reason");
        assertEquals(
                "{\"spotify-tracks\":3,\"client_tickets\":1}",
                dead.get("by_topic").toString());

        assertEquals(
                "2023-11-14T22:14:00Z",
                summary.get("time_range").get("tracks").get("from").asText());
        assertEquals(
                2.0, summary.get("time_range").get("tickets").get("minutes").asDouble());
        assertEquals(
                2,
                summary.get("datasets")
                        .get("genre_stats")
                        .get("committed_files")
                        .asInt());
        assertEquals(
                2,
                summary.get("datasets")
                        .get("genre_stats")
                        .get("files_in_progress")
                        .asInt());
        assertEquals(0, summary.get("notes").size());
    }

    @Test
    void aWindowRowWrittenTwiceIsReadOnceAndNamedInANote() throws Exception {
        // an older job could write a second, partial row for a window after a restore: pop in window 0
        // with 1 track beside its full row of 3; and a ticket stats row twice
        ParquetFixtures files = new ParquetFixtures(output);
        files.write("genre_stats", genre(0, "pop", 1, 99, 0.9));
        files.write("stats_by_type", type(0, "incident", 1, 1));
        InsightsReport.write(output, target, 10, Instant.parse("2026-01-01T00:00:00Z"));
        JsonNode summary =
                MAPPER.readTree(target.resolve("insights_summary.json").toFile());

        assertEquals(10, summary.get("tracks").get("total").asLong(), "the partial row is not added");
        assertEquals(46.0, summary.get("tracks").get("popularity_avg").asDouble(), 1e-9);
        assertEquals(
                "{\"incident\":2,\"billing\":1,\"feature_request\":1,\"question\":1}",
                summary.get("tickets").get("by_type").toString());
        List<String> notes = new ArrayList<>();
        summary.get("notes").forEach(n -> notes.add(n.asText()));
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(
                notes.get(0).startsWith("genre_stats: 1 row(s) repeat a window and genre already present"),
                notes.get(0));
        assertTrue(notes.get(0).contains("never summed"), notes.get(0));
        assertTrue(notes.get(1).startsWith("stats_by_type: 1 row(s) repeat a window and type"), notes.get(1));
    }

    /** A ticket sent again is not a window emitted twice: the note says which figures count it once. */
    @Test
    void aTicketSentAgainIsCountedOnceByTheTicketFiguresAndTheNoteSaysSo() throws Exception {
        ParquetFixtures fixtures = new ParquetFixtures(output);
        fixtures.write("tickets_enriched", ticket("T2", "c1", "question", "support_general", 1, List.of("facture")));
        // its team window counted the record sent again
        fixtures.write("stats_by_team", team(1, "billing", 1, 0, 0));
        InsightsReport.write(output, target, 10, Instant.parse("2026-01-01T00:00:00Z"));
        JsonNode summary =
                MAPPER.readTree(target.resolve("insights_summary.json").toFile());

        assertEquals(5, summary.get("tickets").get("total").asLong(), "T2 once");
        assertEquals(
                3.0,
                summary.get("tickets").get("per_window_avg").asDouble(),
                "the windows count every record: 6 tickets in 2 windows");
        assertEquals(2, summary.get("tickets").get("windows").asLong());
        assertTrue(summary.get("tickets").path("windowed_tickets").isMissingNode(), "a working figure, not output");
        List<String> notes = new ArrayList<>();
        summary.get("notes").forEach(n -> notes.add(n.asText()));
        assertEquals(
                List.of("tickets_enriched: 1 row(s) repeat a ticket_id already present (the same ticket sent again,"
                        + " such as a help-desk export that lists a ticket at each update, or read again after a"
                        + " restore from an older snapshot); the ticket figures count each ticket once, by its row of"
                        + " the highest processed_at, while the windows count every record"),
                notes);
    }

    @Test
    void theCsvExportsRankEveryGroup() throws Exception {
        InsightsReport.write(output, target, 2, Instant.now());
        List<String> genres = Files.readAllLines(target.resolve("top_genres.csv"));
        assertTrue(
                genres.get(0).startsWith("rank,genre,track_count,share,popularity_avg,danceability_avg"),
                genres.get(0));
        assertEquals(4, genres.size(), "every genre, not only the top 2: " + genres);
        assertTrue(genres.get(1).startsWith("1,pop,4,0.4,65.0,0.3,"), genres.get(1));
        assertTrue(genres.get(3).startsWith("3,jazz,2,0.2,50.0,0.5,"), genres.get(3));

        assertEquals(
                List.of(
                        "rank,artist,track_count,popularity_avg,popularity_max,danceability_avg,energy_avg,valence_avg,windows",
                        "1,Zed,5,82.0,90,0.5,0.5,0.5,2",
                        "2,Ana,2,50.0,90,0.5,0.5,0.5,1",
                        "3,Björk,1,10.0,90,0.5,0.5,0.5,1"),
                Files.readAllLines(target.resolve("top_artists.csv")));
        assertEquals(
                List.of(
                        "window_start,window_end,type,ticket_count,low_count,medium_count,high_count,critical_count,distinct_clients",
                        "2023-11-14T22:14:00Z,2023-11-14T22:15:00Z,incident,2,2,0,0,0,2",
                        "2023-11-14T22:14:00Z,2023-11-14T22:15:00Z,question,1,1,0,0,0,1",
                        "2023-11-14T22:15:00Z,2023-11-14T22:16:00Z,billing,1,1,0,0,0,1",
                        "2023-11-14T22:15:00Z,2023-11-14T22:16:00Z,feature_request,1,1,0,0,0,1"),
                Files.readAllLines(target.resolve("stats_by_type.csv")));
        assertEquals(
                List.of("rank,word,tickets,windows", "1,panne,3,2", "2,ecran,2,2", "3,facture,2,2", "4,export,1,1"),
                Files.readAllLines(target.resolve("word_frequency.csv")));
    }

    @Test
    void theCsvExportsNeutraliseFormulaCellsButNotNumbers() throws Exception {
        Path hostile = work.resolve("hostile");
        ParquetFixtures files = new ParquetFixtures(hostile);
        List<String> genres = List.of("=1+2", "+33 6 12", "-core", "@SUM(A1)", "\tTab", "\rCR", "a=b", "pop");
        List<String> rows = new ArrayList<>();
        genres.forEach(g -> rows.add(genre(0, g, 1, 50, 0.5)));
        files.write("genre_stats", union(rows));
        files.write("artist_stats", union(List.of(artist(0, "@SUM(A1)", 2, 50), artist(0, "Zed", 1, 70))));
        files.write("stats_by_type", type(0, "=cmd|' /C calc'!A0", 1, 1));
        files.write("word_frequency", union(List.of(word(0, "-x", 2), word(0, "y", 1))));
        InsightsReport.write(hostile, target, 10, Instant.now());

        Map<String, String> loudness = new TreeMap<>();
        csv(target.resolve(InsightsReport.TOP_GENRES))
                .forEach(r -> loudness.put(r.get("genre"), r.get("loudness_avg")));
        assertThat(loudness)
                .as("a leading ' before = + - @, tab and carriage return; numbers as they are")
                .containsOnly(
                        entry("'=1+2", "-7.5"),
                        entry("'+33 6 12", "-7.5"),
                        entry("'-core", "-7.5"),
                        entry("'@SUM(A1)", "-7.5"),
                        entry("'\tTab", "-7.5"),
                        entry("'\rCR", "-7.5"),
                        entry("a=b", "-7.5"),
                        entry("pop", "-7.5"));
        assertThat(csv(target.resolve(InsightsReport.TOP_ARTISTS)))
                .extracting(r -> r.get("artist"))
                .containsExactly("'@SUM(A1)", "Zed");
        assertThat(csv(target.resolve(InsightsReport.STATS_BY_TYPE)))
                .extracting(r -> r.get("window_start") + " " + r.get("type"))
                .containsExactly("2023-11-14T22:14:00Z '=cmd|' /C calc'!A0");
        assertThat(csv(target.resolve(InsightsReport.WORD_FREQUENCY)))
                .extracting(r -> r.get("word") + " " + r.get("tickets"))
                .containsExactly("'-x 2", "y 1");
    }

    /** The rows of a CSV file read back by DuckDB's CSV reader, every cell as its text. */
    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM read_csv(" + ParquetCatalog.literal(file.toString())
                        + ", header = true, all_varchar = true)")) {
            while (r.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnLabel(i), r.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void theReportIsOnePageWithEveryChartAndItsData() throws Exception {
        InsightsReport.write(output, target, 10, Instant.now());
        String html = Files.readString(target.resolve("report.html"));
        JsonNode data = ReportPage.data(html);
        for (String chart : ReportPage.CHARTS) {
            assertTrue(html.contains("<canvas id=\"chart-" + chart + "\">"), chart);
            assertFalse(data.get("charts").get(chart).get("labels").isEmpty(), chart + " has data");
        }
        JsonNode charts = data.get("charts");
        assertEquals(
                "[\"pop\",\"rock\",\"jazz\"]",
                charts.get("top-genres").get("labels").toString());
        assertEquals("[4,4,2]", charts.get("top-genres").get("values").toString());
        assertEquals(
                "[\"low\",\"medium\",\"high\",\"critical\"]",
                charts.get("priority-mix").get("labels").toString());
        JsonNode perTeam = charts.get("tickets-per-team");
        assertEquals(
                "[\"2023-11-14 22:14\",\"2023-11-14 22:15\"]",
                perTeam.get("labels").toString(),
                "two minutes: one point per minute");
        assertEquals("incident", perTeam.get("series").get(0).get("label").asText());
        assertEquals("[2,0]", perTeam.get("series").get(0).get("values").toString(), "no row in window 1 counts 0");
        assertEquals(3, charts.get("genre-profiles").get("series").size());
        assertEquals(7, charts.get("genre-profiles").get("labels").size());
        assertTrue(html.contains("Chart.js v" + InsightsReport.chartJsVersion()), "Chart.js is inlined");
        assertFalse(html.matches("(?s).*<(script|link|img)[^>]+(src|href)=.*"), "nothing is loaded from elsewhere");
    }

    @Test
    void recordTextCannotBreakOutOfThePage() throws Exception {
        new ParquetFixtures(output)
                .write(
                        "dead_letters",
                        deadLetter("client_tickets", "</script><script>alert(1)</script> {{REPORT_DATA}}"));
        InsightsReport.write(output, target, 10, Instant.now());
        String html = Files.readString(target.resolve("report.html"));
        assertFalse(html.contains("<script>alert(1)"));
        JsonNode reasons =
                ReportPage.data(html).get("charts").get("invalid-records").get("labels");
        assertTrue(
                reasons.toString().contains("</script><script>alert(1)</script> {{REPORT_DATA}}"), reasons.toString());
    }

    private static List<String> pairs(JsonNode rows, String name, String count) {
        List<String> result = new ArrayList<>();
        rows.forEach(r -> result.add(r.get(name).asText() + ":" + r.get(count).asText()));
        return result;
    }
}
