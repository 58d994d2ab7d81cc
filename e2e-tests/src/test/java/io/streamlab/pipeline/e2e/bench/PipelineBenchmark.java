package io.streamlab.pipeline.e2e.bench;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.e2e.InProcessCli;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.PlainConsumer;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.EmbeddedKafkaBroker;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.records.Tickets;
import io.streamlab.pipeline.records.Tracks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The one benchmark of the pipeline: per pass, the producer-tool publishes tracks and tickets to fresh
 * topics of the embedded broker, a plain KafkaConsumer reads and parses each topic (the rate nothing can
 * beat on this machine), and the whole job reads each topic as it is deployed: streaming, exactly-once
 * checkpoints, every window, the team topics in Kafka transactions and every Parquet dataset. The job's
 * rate is over its run time, including the final checkpoint that commits its output; ratios are taken
 * within a pass (same machine, same minute). A warm-up pass at a tenth of the size is not reported.
 *
 * <p>The broker, the clients and the job's mini cluster share this JVM, whose heap limit (1 GiB under
 * {@code -Pbenchmark}) therefore bounds the job's. {@link #main} is the entry point; {@code -Pbenchmark}
 * runs it through {@link PipelineBenchmarkRun}.
 */
public final class PipelineBenchmark {
    /** What a run measures; {@link #fromSystemProperties} reads the {@code -Dbench.*} flags. */
    public record Settings(
            int tracks, int tickets, int passes, boolean warmUp, int tracksPerEventSecond, int ticketSpacingMillis) {
        /** The producer-tool's own event-time defaults ({@code --events-per-second}, {@code --spacing-ms}). */
        public static final int DEFAULT_TRACKS_PER_EVENT_SECOND = 100;

        public static final int DEFAULT_TICKET_SPACING_MILLIS = 200;

        public Settings(int tracks, int tickets, int passes, boolean warmUp) {
            this(tracks, tickets, passes, warmUp, DEFAULT_TRACKS_PER_EVENT_SECOND, DEFAULT_TICKET_SPACING_MILLIS);
        }

        public static Settings fromSystemProperties() {
            return new Settings(
                    Integer.getInteger("bench.tracks", 500_000),
                    Integer.getInteger("bench.tickets", 250_000),
                    Integer.getInteger("bench.passes", 3),
                    !Boolean.getBoolean("bench.no-warm-up"),
                    Integer.getInteger("bench.tracks-per-event-second", DEFAULT_TRACKS_PER_EVENT_SECOND),
                    Integer.getInteger("bench.ticket-spacing-ms", DEFAULT_TICKET_SPACING_MILLIS));
        }
    }

    /** Goals of the pipeline (README, Performance). */
    static final double TRACK_PIPELINE_GOAL = 0.75;

    static final double TICKET_PIPELINE_GOAL = 0.5;
    static final double PRODUCER_GOAL = 100_000;
    static final long HEAP_GOAL_BYTES = 1L << 30;

    /**
     * A row of the table: one rate, ratio, heap, busy-cores and CPU-per-record figure per pass. CPU time
     * is the whole JVM's (broker, clients and job) while the row's work ran; for the pipelines, less that
     * of the same job on empty topics.
     */
    public record Row(
            String name,
            List<Double> rates,
            List<Double> ratios,
            List<Long> peakHeap,
            List<Double> busyCores,
            List<Double> cpuMicrosPerRecord) {
        Row(String name) {
            this(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void record(double rate, double ratio, Probe.Usage usage, double cpuSecondsOfTheRecords, long records) {
            rates.add(rate);
            ratios.add(ratio);
            peakHeap.add(usage.peakHeapBytes());
            busyCores.add(usage.busyCores());
            cpuMicrosPerRecord.add(Math.max(cpuSecondsOfTheRecords, 0) * 1e6 / records);
        }

        void record(double rate, double ratio, Probe.Usage usage, long records) {
            record(rate, ratio, usage, usage.cpuSeconds(), records);
        }

        public double medianCpuMicros() {
            return median(cpuMicrosPerRecord);
        }

        public double medianRate() {
            return median(rates);
        }

        public double medianRatio() {
            return ratios.isEmpty() ? Double.NaN : median(ratios);
        }

        public long maxHeap() {
            return peakHeap.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /**
     * What a phase of a pass used: its wall time, the CPU time of the whole JVM (broker, clients and job)
     * over that time in cores, and the largest heap left after a collection.
     */
    static final class Probe {
        record Usage(double seconds, double cpuSeconds, long peakHeapBytes) {
            double busyCores() {
                return cpuSeconds / seconds;
            }
        }

        private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final HeapWatch heap = new HeapWatch();
        private final long startNanos = System.nanoTime();
        private final long startCpuNanos = os.getProcessCpuTime();

        Usage stop() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - startCpuNanos) / 1e9;
            heap.close();
            return new Usage(seconds, cpuSeconds, heap.peakBytes());
        }
    }

    /** The table, in the order it prints. */
    public record Report(Settings settings, int cores, long maxHeapBytes, List<Row> rows, List<Double> fixedSeconds) {
        Report(Settings settings, int cores, long maxHeapBytes, List<Row> rows) {
            this(settings, cores, maxHeapBytes, rows, new ArrayList<>());
        }

        public Row row(String name) {
            return rows.stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row " + name));
        }
    }

    public static final String PRODUCER_TRACKS = "producer-tool tracks --synthetic";
    public static final String PRODUCER_TICKETS = "producer-tool tickets --count";
    public static final String CONSUMER_TRACKS = "plain consumer + parse, tracks";
    public static final String TRACK_PIPELINE = "track pipeline";
    public static final String CONSUMER_TICKETS = "plain consumer + parse, tickets";
    public static final String TICKET_PIPELINE = "ticket pipeline";
    public static final String REPUBLISHER_TICKETS = "plain consumer + parse + transactional re-publish, tickets";

    private final EmbeddedKafkaBroker broker;
    private final Path work;
    private final PrintStream log;

    public PipelineBenchmark(EmbeddedKafkaBroker broker, Path work, PrintStream log) {
        this.broker = broker;
        this.work = work;
        this.log = log;
    }

    public Report run(Settings settings) throws Exception {
        if (settings.warmUp()) {
            Report warm = new Report(settings, 0, 0, newRows());
            pass("warm-up", Math.max(1, settings.tracks() / 10), Math.max(1, settings.tickets() / 10), settings, warm);
        }
        Report report = new Report(
                settings,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(),
                newRows());
        for (int pass = 1; pass <= settings.passes(); pass++) {
            pass("pass-" + pass, settings.tracks(), settings.tickets(), settings, report);
        }
        return report;
    }

    private static List<Row> newRows() {
        return List.of(
                new Row(PRODUCER_TRACKS),
                new Row(PRODUCER_TICKETS),
                new Row(CONSUMER_TRACKS),
                new Row(TRACK_PIPELINE),
                new Row(CONSUMER_TICKETS),
                new Row(REPUBLISHER_TICKETS),
                new Row(TICKET_PIPELINE));
    }

    private void pass(String name, int tracks, int tickets, Settings settings, Report report) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        String prefix = name + "-";
        List<String> topics = TestPipelines.topicArgs(prefix);
        PipelineConfig base = TestPipelines.config(broker.bootstrapServers(), dir, topics.toArray(String[]::new));
        KafkaTopics.createAll(broker, base);
        String emptyTracks = prefix + "no-tracks";
        String emptyTickets = prefix + "no-tickets";
        broker.createTopic(emptyTracks, base.topics().partitions());
        broker.createTopic(emptyTickets, base.topics().partitions());
        try {
            measure(
                    report.row(PRODUCER_TRACKS),
                    tracks,
                    () -> producerTool(
                            topics,
                            "tracks",
                            "--synthetic",
                            Integer.toString(tracks),
                            "--start-time",
                            START,
                            "--events-per-second",
                            Integer.toString(settings.tracksPerEventSecond())));
            measure(
                    report.row(PRODUCER_TICKETS),
                    tickets,
                    () -> producerTool(
                            topics,
                            "tickets",
                            "--count",
                            Integer.toString(tickets),
                            "--seed",
                            "7",
                            "--start-time",
                            START,
                            "--spacing-ms",
                            Integer.toString(settings.ticketSpacingMillis())));

            long now = System.currentTimeMillis();
            double tracksConsumer = consumer(
                    report.row(CONSUMER_TRACKS),
                    base.topics().tracks(),
                    tracks,
                    value -> Tracks.parse(value, base.limits(), now));
            // the fixed cost of a run: deployment, transactions set up, the final checkpoint and commit
            Measured idle = pipeline(
                    dir.resolve("empty"), topics, "--topic.tracks", emptyTracks, "--topic.tickets", emptyTickets);
            report.fixedSeconds().add(idle.seconds());
            Measured trackJob = pipeline(dir.resolve("tracks"), topics, "--topic.tickets", emptyTickets);
            long genreCount = sum(trackJob.output(), Dataset.GENRE_STATS, "track_count");
            if (genreCount != tracks) {
                throw new AssertionError("genre_stats counts " + genreCount + " tracks, expected " + tracks);
            }
            double trackRate = tracks / processingSeconds(trackJob, idle);
            report.row(TRACK_PIPELINE)
                    .record(
                            trackRate,
                            trackRate / tracksConsumer,
                            trackJob.usage(),
                            trackJob.usage().cpuSeconds() - idle.usage().cpuSeconds(),
                            tracks);

            double ticketsConsumer = consumer(
                    report.row(CONSUMER_TICKETS),
                    base.topics().tickets(),
                    tickets,
                    value -> Tickets.parse(value, base.limits(), now));
            String copies = prefix + "republished-tickets";
            broker.createTopic(copies, base.topics().partitions());
            Probe republishing = new Probe();
            double republisherRate = PlainRepublisher.rate(
                    broker.bootstrapServers(),
                    base.topics().tickets(),
                    copies,
                    tickets,
                    value -> Tickets.parse(value, base.limits(), now),
                    CHECKPOINT_INTERVAL);
            long republished = PlainConsumer.count(broker.bootstrapServers(), copies);
            if (republished != tickets) {
                throw new AssertionError("the re-publisher wrote " + republished + " tickets, expected " + tickets);
            }
            report.row(REPUBLISHER_TICKETS)
                    .record(republisherRate, republisherRate / ticketsConsumer, republishing.stop(), tickets);
            Measured ticketJob = pipeline(dir.resolve("tickets"), topics, "--topic.tracks", emptyTracks);
            long byType = sum(ticketJob.output(), Dataset.STATS_BY_TYPE, "ticket_count");
            long byTeam = sum(ticketJob.output(), Dataset.STATS_BY_TEAM, "ticket_count");
            if (byType != tickets || byTeam != tickets) {
                throw new AssertionError("stats count " + byType + " (type) and " + byTeam + " (team) tickets, "
                        + "expected " + tickets);
            }
            double ticketRate = tickets / processingSeconds(ticketJob, idle);
            report.row(TICKET_PIPELINE)
                    .record(
                            ticketRate,
                            ticketRate / ticketsConsumer,
                            ticketJob.usage(),
                            ticketJob.usage().cpuSeconds() - idle.usage().cpuSeconds(),
                            tickets);
            log.printf(
                    "%s: producer %,.0f tracks/s %,.0f tickets/s; tracks consumer %,.0f/s pipeline %,.0f/s (%.1f s); "
                            + "tickets consumer %,.0f/s republisher %,.0f/s pipeline %,.0f/s (%.1f s); "
                            + "same job on empty topics %.1f s%n",
                    name,
                    last(report.row(PRODUCER_TRACKS)),
                    last(report.row(PRODUCER_TICKETS)),
                    tracksConsumer,
                    trackRate,
                    trackJob.seconds(),
                    ticketsConsumer,
                    republisherRate,
                    ticketRate,
                    ticketJob.seconds(),
                    idle.seconds());
        } finally {
            deleteTopicsStartingWith(prefix);
        }
    }

    private static final String START = "2025-03-04T00:00:00Z";

    /** The job's checkpoint interval, and the plain republisher's transaction length. */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private record Measured(double seconds, Probe.Usage usage, Path output) {}

    /** The run time spent on the records: the job's, less that of the same job with nothing to read. */
    private static double processingSeconds(Measured job, Measured idle) {
        return Math.max(job.seconds() - idle.seconds(), 0.001);
    }

    /** The job as deployed, on topics that hold the records already; returns when it has committed them. */
    private Measured pipeline(Path dir, List<String> topics, String... inputOverride) throws Exception {
        List<String> args = TestPipelines.configArgs(broker.bootstrapServers(), dir);
        args.addAll(topics);
        args.addAll(List.of(inputOverride));
        args.addAll(List.of(
                "--job.bounded", "true",
                // bounded, yet the streaming job with its checkpoints, not the batch runtime of --job.bounded
                "--flink.execution.runtime-mode", "STREAMING",
                "--checkpoint.interval", CHECKPOINT_INTERVAL.toSeconds() + "s",
                "--checkpoint.min-pause", "500ms"));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        Probe probe = new Probe();
        JobExecutionResult result = env.execute(config.job().name());
        return new Measured(
                result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3, probe.stop(), Path.of(config.outputDir()));
    }

    /** The plain consumer's rate on {@code topic}, recorded in {@code row} as the ratios' 1.0. */
    private double consumer(Row row, String topic, int count, PlainConsumer.Parser parser) throws Exception {
        Probe probe = new Probe();
        double rate = PlainConsumer.rate(broker.bootstrapServers(), topic, count, parser);
        row.record(rate, 1.0, probe.stop(), count);
        return rate;
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void measure(Row row, long count, Work work) throws Exception {
        Probe probe = new Probe();
        work.run();
        Probe.Usage usage = probe.stop();
        row.record(count / usage.seconds(), Double.NaN, usage, count);
    }

    private void producerTool(List<String> topics, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(topics);
        args.addAll(List.of("--kafka.bootstrap.servers", broker.bootstrapServers()));
        Repository.Result result = InProcessCli.run(ProducerTool::run, Map.of(), args);
        if (result.exit() != 0) {
            throw new AssertionError("producer-tool " + String.join(" ", command) + " " + result.all());
        }
    }

    private static long sum(Path output, Dataset dataset, String column) {
        return ParquetDatasets.read(output, dataset.folder()).stream()
                .mapToLong(r -> ParquetDatasets.lng(r, column))
                .sum();
    }

    private static double last(Row row) {
        return row.rates().get(row.rates().size() - 1);
    }

    private void deleteTopicsStartingWith(String prefix) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(prefix))
                    .toList();
            admin.deleteTopics(names).all().get();
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The table and the goals, as Markdown (the README's Performance section is this output). */
    public static String format(Report report) {
        Settings s = report.settings();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "Pipeline benchmark: %,d tracks and %,d tickets per pass, %d pass(es)%s; %d cores, JVM heap limit %,d MiB "
                        + "(broker, clients and job share it)%n%n",
                s.tracks(),
                s.tickets(),
                s.passes(),
                s.warmUp() ? " after a warm-up pass" : "",
                report.cores(),
                report.maxHeapBytes() >> 20));
        out.append(String.format(
                "Event time: %,d tracks a second and a ticket every %,d ms (-Dbench.tracks-per-event-second,"
                        + " -Dbench.ticket-spacing-ms), so a window of 1 min holds %,d tracks and %,d tickets: the"
                        + " fewer records a window holds, the more window rows the job writes per record.%n%n",
                s.tracksPerEventSecond(),
                s.ticketSpacingMillis(),
                60L * s.tracksPerEventSecond(),
                s.ticketSpacingMillis() == 0 ? s.tickets() : 60_000L / s.ticketSpacingMillis()));
        out.append(String.format(
                "Pipeline rates are over the job's run time less that of the same job on empty topics "
                        + "(deployment, transactions set up, final checkpoint and commit: median %.1f s).%n%n",
                report.fixedSeconds().isEmpty() ? 0 : median(report.fixedSeconds())));
        out.append("| | records/s min | median | max | ratio to the plain consumer (min / median / max) "
                + "| peak heap after GC | cores busy (median) | CPU µs per record (median) | cores |\n");
        out.append("|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (Row row : report.rows()) {
            List<Double> ratios = row.ratios().stream().filter(r -> !r.isNaN()).toList();
            String ratio = ratios.isEmpty()
                    ? "—"
                    : String.format(
                            "%.2f / %.2f / %.2f", Collections.min(ratios), median(ratios), Collections.max(ratios));
            out.append(String.format(
                    "| %s | %,.0f | %,.0f | %,.0f | %s | %,d MiB | %.1f | %.1f | %d |%n",
                    row.name(),
                    Collections.min(row.rates()),
                    row.medianRate(),
                    Collections.max(row.rates()),
                    ratio,
                    row.maxHeap() >> 20,
                    median(row.busyCores()),
                    row.medianCpuMicros(),
                    report.cores()));
        }
        out.append("\nGoals (medians):\n");
        goal(
                out,
                "track pipeline >= 0.75 of the plain consumer",
                report.row(TRACK_PIPELINE).medianRatio(),
                TRACK_PIPELINE_GOAL,
                "%.2f");
        goal(
                out,
                "ticket pipeline >= 0.5 of the plain consumer",
                report.row(TICKET_PIPELINE).medianRatio(),
                TICKET_PIPELINE_GOAL,
                "%.2f");
        out.append(String.format(
                "- ceiling of the ticket pipeline: reading, parsing and writing each ticket once to Kafka "
                        + "exactly-once, with nothing else, reaches %.2f of the plain consumer (the job writes "
                        + "four outputs per ticket)%n",
                report.row(REPUBLISHER_TICKETS).medianRatio()));
        out.append(String.format(
                "- CPU per record, pipeline / plain consumer (the whole JVM's CPU time per record): tracks "
                        + "%.1f (%.1f / %.1f µs), tickets %.1f (%.1f / %.1f µs)%n",
                report.row(TRACK_PIPELINE).medianCpuMicros()
                        / report.row(CONSUMER_TRACKS).medianCpuMicros(),
                report.row(TRACK_PIPELINE).medianCpuMicros(),
                report.row(CONSUMER_TRACKS).medianCpuMicros(),
                report.row(TICKET_PIPELINE).medianCpuMicros()
                        / report.row(CONSUMER_TICKETS).medianCpuMicros(),
                report.row(TICKET_PIPELINE).medianCpuMicros(),
                report.row(CONSUMER_TICKETS).medianCpuMicros()));
        goal(out, "producer >= 100,000 tracks/s", report.row(PRODUCER_TRACKS).medianRate(), PRODUCER_GOAL, "%,.0f/s");
        long heap = report.rows().stream().mapToLong(Row::maxHeap).max().orElse(0);
        out.append(String.format(
                "- job heap within 1 GiB: peak after GC %,d MiB, limit %,d MiB: %s%n",
                heap >> 20,
                report.maxHeapBytes() >> 20,
                report.maxHeapBytes() <= HEAP_GOAL_BYTES ? "met" : "not checked (heap limit above 1 GiB)"));
        return out.toString();
    }

    private static void goal(StringBuilder out, String what, double value, double goal, String format) {
        out.append(String.format("- %s: " + format + ": %s%n", what, value, value >= goal ? "met" : "NOT met"));
    }

    /** {@code -Pbenchmark}'s entry point: prints the table and writes it to {@code target/pipeline-benchmark.md}. */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Path work = Files.createTempDirectory("pipeline-benchmark");
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().port(0).controllerPort(0).build()) {
            broker.start();
            String table = format(new PipelineBenchmark(broker, work, System.out).run(settings));
            System.out.println();
            System.out.println(table);
            Path file = Path.of("target", "pipeline-benchmark.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, table);
            System.out.println("Written to " + file.toAbsolutePath());
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
