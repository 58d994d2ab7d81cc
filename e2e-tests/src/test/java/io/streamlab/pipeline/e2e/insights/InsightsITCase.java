package io.streamlab.pipeline.e2e.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.insights.InsightsCli;
import io.streamlab.pipeline.insights.ReportPage;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.Tokenizer;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insights over what the job really wrote: a bounded run of known tracks and tickets (some of them
 * broken), then {@code insights report}, whose figures are checked against values computed here from
 * the input records; and {@code insights watch} against a running job's REST API.
 */
class InsightsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final long START_SECONDS = 1_700_000_000L;
    private static final int TOP = 5;

    @TempDir
    Path work;

    @Test
    void theReportHoldsTheFiguresOfTheRecordsTheJobRead() throws Exception {
        PipelineConfig config = config("report-", "--job.bounded", "true");
        List<Track> tracks = TestTracks.generate(600, START_SECONDS, 300, 7);
        List<TestTickets.Generated> tickets = TestTickets.generate("TK-", 300, START_SECONDS * 1000, 500, 11);
        List<Map.Entry<String, byte[]>> trackRecords = new ArrayList<>(
                tracks.stream().map(t -> Map.entry(t.trackId(), Json.write(t))).toList());
        trackRecords.add(Map.entry("bad-1", withField(Json.write(tracks.get(0)), "popularity", 150)));
        trackRecords.add(Map.entry("bad-2", withField(Json.write(tracks.get(1)), "popularity", 101)));
        trackRecords.add(Map.entry("bad-3", "{not json".getBytes(StandardCharsets.UTF_8)));
        List<Map.Entry<String, byte[]>> ticketRecords = new ArrayList<>(
                tickets.stream().map(t -> Map.entry(t.ticketId(), t.json())).toList());
        ticketRecords.add(Map.entry("bad-4", withField(tickets.get(0).json(), "priority", "urgent")));
        KafkaTopics.publish(KAFKA.bootstrapServers(), config.topics().tracks(), trackRecords);
        KafkaTopics.publish(KAFKA.bootstrapServers(), config.topics().tickets(), ticketRecords);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute("insights-itcase-bounded");

        Path output = Path.of(config.outputDir());
        Path insights = work.resolve("insights");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InsightsCli.run(
                new String[] {
                    "report", "--output", output.toString(), "--to", insights.toString(), "--top", Integer.toString(TOP)
                },
                new PrintStream(out, true),
                new PrintStream(err, true),
                Map.of());
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString(), "every dataset has committed files: no note");
        JsonNode summary =
                Json.MAPPER.readTree(insights.resolve("insights_summary.json").toFile());

        // tracks: counted here from the input, ties broken by name as the report does
        Map<String, List<Track>> byGenre = tracks.stream().collect(Collectors.groupingBy(Track::trackGenre));
        Map<String, Long> byArtist = new TreeMap<>();
        tracks.forEach(t -> ExpectedTrackStats.artistsOf(t).forEach(a -> byArtist.merge(a, 1L, Long::sum)));
        JsonNode t = summary.get("tracks");
        assertEquals(600, t.get("total").asLong());
        assertEquals(byGenre.size(), t.get("distinct_genres").asInt());
        assertEquals(byArtist.size(), t.get("distinct_artists").asInt());
        assertEquals(
                tracks.stream().mapToInt(Track::popularity).average().orElseThrow(),
                t.get("popularity_avg").asDouble(),
                1e-3);
        assertEquals(top(counts(byGenre)), pairs(t.get("top_genres"), "genre", "track_count"));
        assertEquals(top(byArtist), pairs(t.get("top_artists"), "artist", "track_count"));
        String topGenre = t.get("top_genres").get(0).get("genre").asText();
        assertEquals(
                byGenre.get(topGenre).stream()
                        .mapToInt(Track::popularity)
                        .average()
                        .orElseThrow(),
                t.get("top_genres").get(0).get("popularity_avg").asDouble(),
                1e-3);
        JsonNode profile = t.get("genre_profiles").get(0);
        assertEquals(
                byGenre.get(topGenre).stream()
                        .mapToDouble(Track::danceability)
                        .average()
                        .orElseThrow(),
                profile.get("danceability").asDouble(),
                1e-3);
        long lastWindow = (START_SECONDS * 1000 + 599 * 300) / 60_000 * 60_000;
        assertEquals(lastWindow, t.get("latest_window").get("window_start").asLong());
        assertEquals(
                tracks.stream().filter(x -> x.timestamp() * 1000 >= lastWindow).count(),
                t.get("latest_window").get("track_count").asLong());

        // tickets: teams from the configured routing, keywords from the job's tokenizer
        Tokenizer tokenizer = Tokenizer.of(config.tickets());
        Map<String, Long> byTeam = tally(tickets, g -> config.routing().teamFor(g.normalisedType()));
        Map<String, Long> words = new TreeMap<>();
        tickets.forEach(
                g -> tokenizer.keywords(g.subject(), g.description()).forEach(w -> words.merge(w, 1L, Long::sum)));
        JsonNode k = summary.get("tickets");
        assertEquals(300, k.get("total").asLong());
        assertEquals(
                tickets.stream().map(TestTickets.Generated::clientId).distinct().count(),
                k.get("distinct_clients").asLong());
        assertEquals(tally(tickets, TestTickets.Generated::normalisedType), asMap(k.get("by_type")));
        assertEquals(byTeam, asMap(k.get("by_team")));
        assertEquals(tally(tickets, TestTickets.Generated::priority), asMap(k.get("by_priority")));
        assertEquals(
                tickets.stream()
                                .filter(g -> Set.of("high", "critical").contains(g.priority()))
                                .count()
                        / 300.0,
                k.get("high_or_critical_share").asDouble(),
                1e-4);
        assertEquals(
                top(byTeam).get(0),
                k.get("busiest_team").get("team").asText() + ":"
                        + k.get("busiest_team").get("tickets").asLong());
        assertEquals(top(words), pairs(k.get("top_keywords"), "word", "tickets"));

        JsonNode dead = summary.get("dead_letters");
        assertEquals(4, dead.get("total").asLong());
        assertEquals(
                List.of("field 'popularity' is out of range:2", "invalid JSON:1", "unknown priority:1"),
                pairs(dead.get("by_reason"), "reason", "count").stream()
                        .sorted()
                        .toList());
        assertEquals(3, dead.get("by_topic").get(config.topics().tracks()).asLong());

        // CSV exports
        List<String> genresCsv = Files.readAllLines(insights.resolve("top_genres.csv"));
        assertEquals(byGenre.size() + 1, genresCsv.size(), "a header and every genre");
        assertTrue(
                genresCsv.get(1).startsWith("1," + top(counts(byGenre)).get(0).replace(':', ',') + ","),
                genresCsv.get(1));
        List<String> artistsCsv = Files.readAllLines(insights.resolve("top_artists.csv"));
        assertEquals(byArtist.size() + 1, artistsCsv.size());
        List<String> wordsCsv = Files.readAllLines(insights.resolve("word_frequency.csv"));
        assertEquals(words.size() + 1, wordsCsv.size(), "every keyword of every ticket");
        assertTrue(wordsCsv.get(1).startsWith("1," + top(words).get(0).replace(':', ',') + ","), wordsCsv.get(1));
        Map<String, Long> typeCsv = new TreeMap<>();
        List<String> typeRows = Files.readAllLines(insights.resolve("stats_by_type.csv"));
        typeRows.subList(1, typeRows.size()).forEach(line -> {
            String[] cells = line.split(",");
            typeCsv.merge(cells[2], Long.parseLong(cells[3]), Long::sum);
        });
        assertEquals(
                tally(tickets, TestTickets.Generated::normalisedType), typeCsv, "the windows add up to every ticket");

        // report.html: every chart has data, the top genres are those above
        String html = Files.readString(insights.resolve("report.html"));
        JsonNode charts = ReportPage.data(html).get("charts");
        for (String chart : ReportPage.CHARTS) {
            assertTrue(html.contains("id=\"chart-" + chart + "\""), chart);
            assertFalse(charts.get(chart).get("labels").isEmpty(), chart + " has data");
        }
        assertEquals(
                top(counts(byGenre)).stream()
                        .map(p -> p.substring(0, p.indexOf(':')))
                        .toList(),
                Json.MAPPER.convertValue(charts.get("top-genres").get("labels"), List.class));
        assertEquals(byTeam.keySet(), teamsOf(charts.get("tickets-per-team")));
        assertTrue(
                out.toString().contains(insights.resolve("report.html").toString()), "the paths are printed: " + out);
    }

    @Test
    void theLiveViewShowsTheRunningJobsMetricsAndCommittedWindows(@InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        PipelineConfig config = config("live-");
        List<Track> tracks = TestTracks.generate(400, START_SECONDS, 400, 3);
        List<TestTickets.Generated> tickets = TestTickets.generate("LV-", 100, START_SECONDS * 1000, 1_500, 5);
        KafkaTopics.publishInputs(KAFKA.bootstrapServers(), config, tracks, tickets);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        JobClient job =
                PipelineJob.prepare(env, config).executeAsync(config.job().name());

        Map<String, Long> byTeam = tally(tickets, g -> config.routing().teamFor(g.normalisedType()));
        String routed = byTeam.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(" · "));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watch = startWatch(cluster, config, "1s", out, exit);
        try {
            Pattern allTracks = Pattern.compile("tracks +400 read");
            Pattern allTickets = Pattern.compile("tickets +100 read");
            // the routing counters are downstream of the read ones: a view can show every ticket read first
            TestPipelines.await(
                    "a view with every record read and routed and a committed window of each input",
                    Duration.ofMinutes(2),
                    () -> {
                        String views = out.toString(StandardCharsets.UTF_8);
                        return allTracks.matcher(views).find()
                                && allTickets.matcher(views).find()
                                && views.contains("routed   " + routed)
                                && views.contains("tracks window ")
                                && views.contains("tickets window ");
                    });
        } finally {
            job.cancel().get();
        }
        watch.join(Duration.ofSeconds(30).toMillis());
        assertFalse(watch.isAlive(), "the live view stops when the job ends");
        assertEquals(0, exit.get());
        String views = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                views.contains("routed   " + routed),
                "routed per team from the job's metrics: " + routed + " in\n" + views);
        assertTrue(views.contains("dead letters 0"), views);
    }

    /**
     * Flink's REST API answers a metrics request from a store that the request only schedules to refresh
     * (at most every 10 s, in the background). A view that read the store once would show the figures
     * of the previous request: the first view of {@code run-local.sh}, 30 s after the job appeared,
     * said "0 read" for records read long before.
     */
    @Test
    void theFirstViewShowsTheFiguresOfItsOwnTimeNotOfThePreviousRequest(@InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        PipelineConfig config = config("first-view-");
        KafkaTopics.publishInputs(
                KAFKA.bootstrapServers(), config, TestTracks.generate(400, START_SECONDS, 400, 7), List.of());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        JobClient job =
                PipelineJob.prepare(env, config).executeAsync(config.job().name());

        // the watch looks once when the job appears (before its tasks have read anything), and shows its
        // first view one period later, by when every track has long been read
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread watch = startWatch(cluster, config, "20s", out, new AtomicInteger(-1));
        String first;
        try {
            TestPipelines.await(
                    "the first view",
                    Duration.ofMinutes(2),
                    () -> out.toString(StandardCharsets.UTF_8).contains("dead letters"));
            String views = out.toString(StandardCharsets.UTF_8);
            first = views.substring(views.indexOf("── "), views.indexOf("dead letters"));
        } finally {
            job.cancel().get();
            watch.interrupt(); // its next look is a period away: the view it showed is all this test reads
        }
        watch.join(Duration.ofSeconds(30).toMillis());
        assertTrue(Pattern.compile("tracks +400 read").matcher(first).find(), first);
    }

    /** {@code insights watch} of the job of {@code config}, printing into {@code out}; its exit code goes to {@code exit}. */
    private static Thread startWatch(
            ClusterClient<?> cluster,
            PipelineConfig config,
            String every,
            ByteArrayOutputStream out,
            AtomicInteger exit) {
        Thread watch = new Thread(
                () -> exit.set(InsightsCli.run(
                        new String[] {
                            "watch",
                            "--web-ui",
                            cluster.getWebInterfaceURL(),
                            "--job",
                            config.job().name(),
                            "--output",
                            config.outputDir(),
                            "--every",
                            every
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        Map.of())),
                "insights-watch");
        watch.start();
        return watch;
    }

    private PipelineConfig config(String topicPrefix, String... extra) {
        List<String> flags = TestPipelines.configArgs(KAFKA.bootstrapServers(), work);
        flags.addAll(TestPipelines.topicArgs(topicPrefix));
        flags.addAll(List.of(extra));
        PipelineConfig config = PipelineConfig.load(flags, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);
        return config;
    }

    private static byte[] withField(byte[] json, String field, Object value) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(json);
        node.set(field, Json.MAPPER.valueToTree(value));
        return Json.MAPPER.writeValueAsBytes(node);
    }

    private static <T> Map<String, Long> tally(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> counts(Map<String, List<Track>> groups) {
        Map<String, Long> counts = new TreeMap<>();
        groups.forEach((k, v) -> counts.put(k, (long) v.size()));
        return counts;
    }

    /** "name:count" of the first {@link #TOP}, most first, then by name. */
    private static List<String> top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> e.getKey() + ":" + e.getValue())
                .toList();
    }

    private static List<String> pairs(JsonNode rows, String name, String count) {
        List<String> result = new ArrayList<>();
        rows.forEach(r -> result.add(r.get(name).asText() + ":" + r.get(count).asLong()));
        return result;
    }

    private static Map<String, Long> asMap(JsonNode object) {
        Map<String, Long> map = new TreeMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asLong()));
        return map;
    }

    private static Set<String> teamsOf(JsonNode timeSeries) {
        Set<String> teams = new HashSet<>();
        timeSeries.get("series").forEach(s -> teams.add(s.get("label").asText()));
        return teams;
    }
}
