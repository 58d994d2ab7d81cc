package io.streamlab.pipeline.job.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.TestTickets.Generated;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovery scenario on a shared broker: its own topics, consumer group and transactional ids; a fixed
 * data set published in two parts; the job started on the test's mini cluster; and the reference to
 * compare with, a clean bounded run of the same job over the same input.
 *
 * <p>The data: 600 tracks (one every 500 ms) and 300 tickets (one a second, minus up to 5 s of jitter)
 * from {@link #T0_MS}, so five one-minute windows, plus one malformed track and one malformed ticket in
 * each part. The second part starts in the middle of window 2 ({@link #SPANNING_WINDOW}), which therefore
 * holds records of both parts; nothing in the second part is late for the first part's watermark
 * (out-of-orderness 10 s, jitter at most 5 s).
 */
final class RecoveryScenario implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryScenario.class);

    static final long WINDOW_MS = 60_000;
    static final long T0_MS = Instant.parse("2025-06-02T08:00:00Z").toEpochMilli();
    static final int TRACKS = 600;
    static final int TICKETS = 300;
    /** The window that the split between the two parts falls in: [T0 + 2 min, T0 + 3 min). */
    static final long SPANNING_WINDOW = T0_MS + 2 * WINDOW_MS;

    static final Duration WAIT = Duration.ofSeconds(120);

    /** The default routing, written out independently of the configuration code. */
    private static final Map<String, String> DEFAULT_TEAMS =
            Map.of("incident", "incident", "question", "support_general", "feature_request", "produit");

    final String name;
    final KafkaBrokerExtension kafka;
    final Path work;
    final PipelineConfig config;
    final List<Track> tracks;
    final List<Generated> tickets;
    private final List<String> args;
    private final List<JobClient> jobs = new ArrayList<>();

    private RecoveryScenario(String name, KafkaBrokerExtension kafka, Path work, List<String> args) {
        this.name = name;
        this.kafka = kafka;
        this.work = work;
        this.args = List.copyOf(args);
        this.config = PipelineConfig.load(this.args, Map.of());
        this.tracks = TestTracks.generate(TRACKS, T0_MS / 1000, 500, name.hashCode());
        this.tickets = TestTickets.generate(name + "-T", TICKETS, T0_MS, 1000, name.hashCode());
    }

    /**
     * A scenario named {@code name} (topics, group, transactional ids derive from it): checkpoints every
     * 400 ms, three restarts 200 ms apart, no idle-partition timeout, then the {@code extra} flags.
     * Creates its topics.
     */
    static RecoveryScenario create(KafkaBrokerExtension kafka, Path work, String name, String... extra) {
        List<String> args = new ArrayList<>(TestPipelines.configArgs(kafka.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs(name + "-"));
        args.addAll(List.of(
                "--job.name", name + "-" + Long.toHexString(System.nanoTime()),
                "--job.group-id", name,
                "--checkpoint.interval", "400ms",
                "--checkpoint.min-pause", "100ms",
                "--restart.attempts", "3",
                "--restart.delay", "200ms",
                // every partition gets records all along; an idle-partition timeout could only let one
                // partition's watermark run ahead of another's after a pause (a slow restart), making
                // records late that are not late in a run without failure
                "--watermark.idleness", "10min"));
        args.addAll(Arrays.asList(extra));
        RecoveryScenario scenario = new RecoveryScenario(name, kafka, work, args);
        KafkaTopics.createAll(kafka.broker(), scenario.config);
        return scenario;
    }

    /** The flags of this scenario plus {@code more}: what a restarted or upgraded job is given. */
    List<String> args(String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(Arrays.asList(more));
        return all;
    }

    PipelineConfig config(String... more) {
        return PipelineConfig.load(args(more), Map.of());
    }

    Path output() {
        return Path.of(config.outputDir());
    }

    Path checkpointDir() {
        return Path.of(config.faultTolerance().checkpointDir());
    }

    // ------------------------------------------------------------------------------------------- input

    int splitTrack() {
        return TRACKS / 2;
    }

    int splitTicket() {
        return TICKETS / 2;
    }

    /** Tracks 0..299 and tickets 0..149 (up to the middle of window 2), and one malformed record of each. */
    void publishFirstPart() {
        publish(batchesOf(0, splitTrack(), 0, splitTicket(), 1).get(0));
    }

    void publishSecondPart() {
        publish(secondPartBatches(1).get(0));
    }

    /** The second part (the rest, and one more malformed record of each) cut into {@code n} batches in time order. */
    List<Batch> secondPartBatches(int n) {
        return batchesOf(splitTrack(), TRACKS, splitTicket(), TICKETS, n);
    }

    /** Records for the two input topics; the malformed ones go into the last batch. */
    record Batch(List<Map.Entry<String, byte[]>> tracks, List<Map.Entry<String, byte[]>> tickets) {}

    private List<Batch> batchesOf(int trackFrom, int trackTo, int ticketFrom, int ticketTo, int n) {
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<Map.Entry<String, byte[]>> t = new ArrayList<>();
            for (Track track : tracks.subList(slice(trackFrom, trackTo, n, b), slice(trackFrom, trackTo, n, b + 1))) {
                t.add(Map.entry(track.trackId(), Json.write(track)));
            }
            List<Map.Entry<String, byte[]>> k = new ArrayList<>();
            int from = slice(ticketFrom, ticketTo, n, b);
            for (Generated g : tickets.subList(from, slice(ticketFrom, ticketTo, n, b + 1))) {
                k.add(Map.entry(g.ticketId(), g.json()));
            }
            if (b == n - 1) {
                String part = trackFrom == 0 ? "1" : "2";
                t.add(Map.entry("bad-track-" + part, "{\"track_id\": \"x\", ".getBytes(StandardCharsets.UTF_8)));
                k.add(Map.entry(
                        "bad-ticket-" + part,
                        ("{\"ticket_id\": \"bad-" + part + "\", \"type\": \"incident\"}")
                                .getBytes(StandardCharsets.UTF_8)));
            }
            batches.add(new Batch(t, k));
        }
        return batches;
    }

    private static int slice(int from, int to, int n, int b) {
        return from + (int) ((long) (to - from) * b / n);
    }

    void publish(Batch batch) {
        KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tracks(), batch.tracks());
        KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tickets(), batch.tickets());
    }

    /** Records in the tickets topic once everything is published: valid tickets and the two malformed ones. */
    int ticketRecords() {
        return TICKETS + 2;
    }

    // --------------------------------------------------------------------------------------------- job

    /** Builds the job from {@code jobConfig} on the test's mini cluster, lets {@code extend} add to it, submits. */
    JobClient start(PipelineConfig jobConfig, Consumer<StreamExecutionEnvironment> extend) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(jobConfig));
        PipelineJob.prepare(env, jobConfig);
        extend.accept(env);
        JobClient job = env.executeAsync(jobConfig.job().name());
        jobs.add(job);
        LOG.info("{}: job {} submitted", name, job.getJobID());
        return job;
    }

    JobClient start() throws Exception {
        return start(config, env -> {});
    }

    /** Every record published so far is covered by a completed checkpoint (the sources committed its offsets). */
    boolean consumed() {
        return KafkaTopics.consumed(
                kafka.bootstrapServers(),
                config.job().groupId(),
                config.topics().tracks(),
                config.topics().tickets());
    }

    void awaitConsumed() throws InterruptedException {
        TestPipelines.await(name + ": every published record consumed and checkpointed", WAIT, this::consumed);
    }

    /** Some tickets are committed in tickets_enriched and in the team topics: the job is past its first checkpoint. */
    void awaitCommittedOutput() throws InterruptedException {
        TestPipelines.await(
                name + ": first tickets committed to tickets_enriched and the team topics",
                WAIT,
                () -> !ParquetDatasets.read(output(), "tickets_enriched").isEmpty()
                        && config.routing().teamTopics().values().stream()
                                .anyMatch(t -> !KafkaTopics.readCommitted(kafka.bootstrapServers(), t)
                                        .isEmpty()));
    }

    /** Stops the job with a savepoint without draining: the open windows stay in it. */
    String stopWithSavepoint(JobClient job) throws Exception {
        String savepoint = job.stopWithSavepoint(
                        false, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        return savepoint;
    }

    static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no status of " + job.getJobID(), e);
        }
    }

    /** Waits until every record published is consumed, or the job ended (a test then says how). */
    void awaitConsumedOrEnded(JobClient job) throws InterruptedException {
        TestPipelines.await(
                name + ": every published record consumed (or the job ended)",
                WAIT,
                () -> consumed() || status(job).isGloballyTerminalState(),
                () -> status(job));
    }

    /** Stops the job with a draining savepoint: the remaining windows fire and everything is committed. */
    String stopWithDrain(JobClient job) throws Exception {
        String savepoint = job.stopWithSavepoint(
                        true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        return savepoint;
    }

    static AccessExecutionGraph graph(MiniCluster cluster, JobClient job) {
        try {
            return cluster.getExecutionGraph(job.getJobID()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot get the execution graph of " + job.getJobID(), e);
        }
    }

    static CheckpointStatsSnapshot checkpoints(MiniCluster cluster, JobClient job) {
        return graph(cluster, job).getCheckpointStatsSnapshot();
    }

    static long completedCheckpoints(MiniCluster cluster, JobClient job) {
        return checkpoints(cluster, job).getCounts().getNumberOfCompletedCheckpoints();
    }

    /** What the web UI shows as "Latest Restore", or null if the job has not restored anything. */
    static RestoredCheckpointStats latestRestore(MiniCluster cluster, JobClient job) {
        return checkpoints(cluster, job).getLatestRestoredCheckpoint();
    }

    /** Cancels what a failed test left running, so that it cannot disturb the next test on the same cluster. */
    @Override
    public void close() {
        for (JobClient job : jobs) {
            try {
                if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.warn("{}: could not cancel job {}: {}", name, job.getJobID(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ checks

    /** What a clean run (no failure) of the same job over the same input committed. */
    record Reference(
            PipelineConfig config, OutputSnapshot output, Map<String, String> teams, Set<String> deadLetters) {}

    /**
     * Runs the same job bounded over this scenario's input (all of it must be published), with the same
     * routing but its own team and dead-letter topics and output directory, and checks that it holds the
     * independently computed figures: every genre_stats row, every ticket once in its team's topic.
     */
    Reference cleanRun() throws Exception {
        Path cleanWork = work.resolve("clean-run");
        List<String> cleanArgs = new ArrayList<>(TestPipelines.configArgs(kafka.bootstrapServers(), cleanWork));
        cleanArgs.addAll(TestPipelines.topicArgs("clean-" + name + "-"));
        cleanArgs.addAll(List.of(
                "--topic.tracks",
                config.topics().tracks(),
                "--topic.tickets",
                config.topics().tickets(),
                "--job.name",
                "clean-" + name + "-" + Long.toHexString(System.nanoTime()),
                "--job.group-id",
                "clean-" + name,
                "--job.bounded",
                "true"));
        PipelineConfig clean = PipelineConfig.load(cleanArgs, Map.of());
        kafka.createTopic(clean.topics().deadLetters(), 1);
        clean.routing()
                .teamTopics()
                .values()
                .forEach(t -> kafka.createTopic(t, clean.topics().partitions()));

        long started = System.nanoTime();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(clean));
        PipelineJob.prepare(env, clean).execute(clean.job().name());
        LOG.info("{}: clean run took {} ms", name, (System.nanoTime() - started) / 1_000_000);

        Reference reference = new Reference(
                clean, OutputSnapshot.of(Path.of(clean.outputDir())), teams(clean), deadLetterKeys(clean));

        // The reference itself against figures computed here, so that a wrong job cannot pass by being
        // wrong the same way twice.
        Map<String, GenreStats> expectedGenres = ExpectedTrackStats.genreStats(tracks, WINDOW_MS);
        Map<String, Record> genres = reference.output().rows("genre_stats");
        assertEquals(expectedGenres.keySet(), genres.keySet(), "clean run: genre_stats keys");
        expectedGenres.forEach((k, v) -> Rows.assertClose(v, genres.get(k)));
        Map<String, String> expectedTeams = new TreeMap<>();
        tickets.forEach(g ->
                expectedTeams.put(g.ticketId(), DEFAULT_TEAMS.getOrDefault(g.normalisedType(), "support_general")));
        assertEquals(expectedTeams, reference.teams(), "clean run: every ticket once, in its team's topic");
        assertEquals(TICKETS, reference.output().size("tickets_enriched"));
        assertEquals(4, reference.output().size("dead_letters"), "two malformed tracks and two malformed tickets");
        assertEquals(4, reference.deadLetters().size());
        return reference;
    }

    /**
     * This scenario's outputs equal the reference exactly: every dataset row for row (no row missing,
     * doubled or different), every ticket exactly once in the same team topic, the same dead letters once
     * in the dead-letter topic.
     */
    void assertSameOutputsAs(Reference reference) {
        OutputSnapshot actual = OutputSnapshot.of(output());
        LOG.info(
                "{}: output {}; reference {}",
                name,
                actual.describe(),
                reference.output().describe());
        actual.assertSameAs(reference.output());
        assertEquals(reference.teams(), teams(config), "every ticket exactly once, in its team's topic");
        assertEquals(reference.deadLetters(), deadLetterKeys(config), "every dead letter exactly once on the topic");
    }

    /** Ticket id -> team, from the team topics read with read_committed; a ticket found twice fails. */
    Map<String, String> teams(PipelineConfig of) {
        Map<String, String> teamOfTopic = of.routing().teamTopics().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        Map<String, String> result = new TreeMap<>();
        KafkaTopics.ticketsByTopic(
                        kafka.bootstrapServers(), of.routing().teamTopics().values())
                .forEach((ticket, topic) -> result.put(ticket, teamOfTopic.get(topic)));
        return result;
    }

    /** The keys (source topic/partition/offset) on the dead-letter topic; one found twice fails. */
    Set<String> deadLetterKeys(PipelineConfig of) {
        Set<String> keys = new TreeSet<>();
        String topic = of.topics().deadLetters();
        for (ConsumerRecord<String, String> r : KafkaTopics.readCommitted(kafka.bootstrapServers(), topic)) {
            assertTrue(keys.add(r.key()), "dead letter " + r.key() + " twice on " + topic);
        }
        return keys;
    }

    /** Tracks of each part that fall into the window that spans the two parts. */
    long[] tracksInSpanningWindow() {
        long[] perPart = new long[2];
        for (int i = 0; i < TRACKS; i++) {
            long ms = tracks.get(i).timestamp() * 1000;
            if (ms >= SPANNING_WINDOW && ms < SPANNING_WINDOW + WINDOW_MS) {
                perPart[i < splitTrack() ? 0 : 1]++;
            }
        }
        return perPart;
    }
}
