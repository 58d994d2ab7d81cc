package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files per dataset and hour (issue #17, "small files"): the whole job as it runs by default (checkpoints
 * every 10 s, parallelism 2) on a continuous stream at the demo's rates (the 10 tickets/s of
 * {@code producer-tool tickets --continuous}, as many tracks, a malformed record every 30 s for the dead
 * letters), once per {@code sink.compaction.checkpoints} setting, counting the committed part files of
 * every dataset each minute. Not part of the test suite (it prints figures); run it with
 *
 * <pre>./mvnw -B -o -pl flink-job -am verify -Dit.test=SmallFilesBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dbench.minutes=5,16 -Dbench.compaction-checkpoints=0,30</pre>
 *
 * A run is minutes, not a day: the per-hour figure is the count extrapolated (count / minutes x 60), and
 * with compaction the count moves in steps of one file per dataset every {@code checkpoints} x 10 s.
 */
class SmallFilesBenchmark {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    @Test
    void committedFilesPerDatasetAndHourOnAContinuousStream() throws Exception {
        List<Double> minutes = Arrays.stream(
                        System.getProperty("bench.minutes", "5").split(","))
                .map(String::trim)
                .map(Double::parseDouble)
                .toList();
        List<Integer> settings = Arrays.stream(System.getProperty("bench.compaction-checkpoints", "0,30")
                        .split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
        DemoStream stream = new DemoStream(
                Integer.getInteger("bench.tickets-per-second", 10),
                Integer.getInteger("bench.tracks-per-second", 10),
                Duration.ofSeconds(10));

        print(stream, measure(KAFKA, work, stream, settings, minutes));
    }

    /** The demo's continuous stream, and the checkpoint interval that commits its files. */
    record DemoStream(int ticketsPerSecond, int tracksPerSecond, Duration checkpointInterval) {}

    /** Per compaction setting (minutes.get(i) for settings.get(i), the last for the rest): each dataset's arrivals. */
    static Map<Integer, Map<Dataset, Arrivals>> measure(
            KafkaBrokerExtension kafka, Path work, DemoStream stream, List<Integer> settings, List<Double> minutes)
            throws Exception {
        Map<Integer, Map<Dataset, Arrivals>> results = new LinkedHashMap<>();
        for (int i = 0; i < settings.size(); i++) {
            double runMinutes = minutes.get(Math.min(i, minutes.size() - 1));
            results.put(settings.get(i), run(kafka, work, settings.get(i), runMinutes, stream));
        }
        return results;
    }

    static void print(DemoStream stream, Map<Integer, Map<Dataset, Arrivals>> results) {
        System.out.printf(
                "%nCommitted part files on %d tickets/s and %d tracks/s, checkpoints every %d s, parallelism 2."
                        + "%nPer hour, two ways: the count of the run / its minutes x 60, and the steady rate between"
                        + " the first and the last file committed ((files - 1) / time between them)%n",
                stream.ticketsPerSecond(),
                stream.tracksPerSecond(),
                stream.checkpointInterval().toSeconds());
        StringBuilder header = new StringBuilder(String.format("%-18s", "dataset"));
        results.forEach((n, r) -> header.append(String.format(
                " | %-40s",
                "compaction.checkpoints=" + n + ", " + r.values().iterator().next().minutes + " min")));
        System.out.println(header);
        for (Dataset dataset : Dataset.values()) {
            StringBuilder line = new StringBuilder(String.format("%-18s", dataset.folder()));
            results.values().forEach(r -> {
                Arrivals a = r.get(dataset);
                line.append(String.format(
                        " | %5d files: %5.0f/h counted, %5.0f/h steady",
                        a.files(), a.perHourCounted(), a.perHourSteady()));
            });
            System.out.println(line);
        }
    }

    /** When each committed file of a dataset was first listed, in seconds from the start of the run. */
    record Arrivals(double minutes, List<Double> seconds) {
        long files() {
            return seconds.size();
        }

        double perHourCounted() {
            return seconds.size() / minutes * 60;
        }

        double perHourSteady() {
            if (seconds.size() < 2) {
                return Double.NaN;
            }
            double span = seconds.get(seconds.size() - 1) - seconds.get(0);
            return span <= 0 ? Double.NaN : (seconds.size() - 1) / span * 3600;
        }
    }

    /** One run of the job on its own topics and output; when every committed file of every dataset appeared. */
    private static Map<Dataset, Arrivals> run(
            KafkaBrokerExtension kafka, Path work, int compactionCheckpoints, double minutes, DemoStream stream)
            throws Exception {
        int ticketsPerSecond = stream.ticketsPerSecond();
        int tracksPerSecond = stream.tracksPerSecond();
        String prefix = "c" + compactionCheckpoints + "-";
        List<String> args = new ArrayList<>(TestPipelines.configArgs(kafka.bootstrapServers(), work.resolve(prefix)));
        args.addAll(TestPipelines.topicArgs(prefix));
        args.addAll(List.of(
                "--job.group-id",
                prefix + "group",
                // the defaults of conf/pipeline.properties, which the test configuration shortens
                "--checkpoint.interval",
                stream.checkpointInterval().toMillis() + "ms",
                "--checkpoint.min-pause",
                "2s",
                "--sink.compaction.checkpoints",
                Integer.toString(compactionCheckpoints)));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(kafka.broker(), config);
        Path output = Path.of(config.outputDir());

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync(config.job().name());
        System.out.printf("%nsink.compaction.checkpoints=%d: %.1f min of stream%n", compactionCheckpoints, minutes);

        Random random = new Random(compactionCheckpoints);
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        long published = 0;
        Map<Dataset, Map<Path, Double>> firstSeen = new EnumMap<>(Dataset.class);
        for (Dataset dataset : Dataset.values()) {
            firstSeen.put(dataset, new LinkedHashMap<>());
        }
        for (int second = 0; System.nanoTime() < end; second++) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (Dataset dataset : Dataset.values()) {
                for (Path file : CommittedFiles.of(output, dataset).committed()) {
                    firstSeen.get(dataset).putIfAbsent(file, elapsed);
                }
            }
            long now = System.currentTimeMillis();
            List<Map.Entry<String, byte[]>> tickets = new ArrayList<>();
            for (int i = 0; i < ticketsPerSecond; i++) {
                TestTickets.Generated t = TestTickets.next(prefix + second + "-" + i, random, now, TestTickets.TYPES);
                tickets.add(Map.entry(t.ticketId(), t.json()));
            }
            if (second % 30 == 29) {
                tickets.add(Map.entry("bad-" + second, "{not json".getBytes(StandardCharsets.UTF_8)));
            }
            List<Map.Entry<String, byte[]>> tracks = new ArrayList<>();
            for (Track t : TestTracks.generate(tracksPerSecond, now / 1000, 0, second)) {
                tracks.add(Map.entry(t.trackId(), Json.write(t)));
            }
            KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tickets(), tickets);
            KafkaTopics.publish(kafka.bootstrapServers(), config.topics().tracks(), tracks);
            published += tickets.size() + tracks.size();
            if (second % 60 == 59) {
                System.out.printf("  %2d min: %s%n", (second + 1) / 60, describe(output, committedFiles(output)));
            }
            // paced, not as fast as possible: the next second's records at the next second
            long next = start + (second + 1) * 1_000_000_000L;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        Map<Dataset, Long> files = committedFiles(output);
        System.out.printf("  end (%,d records published): %s%n", published, describe(output, files));
        assertThat(files.get(Dataset.TICKETS_ENRICHED))
                .as("the job committed tickets")
                .isPositive();
        job.cancel().get(60, TimeUnit.SECONDS);
        // until its tasks are gone, while the broker is up: a job still closing when the broker stopped (at the
        // test's end) waited a minute for each of its transactions' aborts
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job was not cancelled within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        Map<Dataset, Arrivals> arrivals = new EnumMap<>(Dataset.class);
        firstSeen.forEach((dataset, seen) -> arrivals.put(
                dataset, new Arrivals(minutes, seen.values().stream().sorted().toList())));
        return arrivals;
    }

    private static Map<Dataset, Long> committedFiles(Path output) {
        Map<Dataset, Long> files = new EnumMap<>(Dataset.class);
        for (Dataset dataset : Dataset.values()) {
            files.put(dataset, (long)
                    CommittedFiles.of(output, dataset).committed().size());
        }
        return files;
    }

    private static String describe(Path output, Map<Dataset, Long> files) {
        StringBuilder s = new StringBuilder();
        files.forEach((dataset, count) -> {
            long bytes = CommittedFiles.of(output, dataset).committed().stream()
                    .mapToLong(SmallFilesBenchmark::size)
                    .sum();
            long rows = ParquetDatasets.read(output, dataset.folder()).size();
            s.append(String.format("%s %d files (%,d rows, %,d KB)  ", dataset.folder(), count, rows, bytes / 1024));
        });
        return s.toString().trim();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
