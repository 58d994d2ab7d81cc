package io.streamlab.pipeline.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.e2e.OpsRun;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.job.testing.Checkpoints;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.snapshots.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ops local}, what run-local.sh runs, as a user runs it: the built jar in its own JVM, with the
 * embedded broker, the producer-tool and the job's JVM, every path given as job flags after {@code --}
 * (none of them the defaults). Bounded runs write that output from scratch, twice, without a window
 * twice; a streaming run killed with SIGKILL resumes from its newest retained checkpoint in that
 * checkpoint directory, not from another deployment's newer savepoint; SIGTERM (Ctrl+C) stops it with
 * a savepoint of this deployment in that savepoint directory. The logs rotate, but a second run started
 * on a busy port touches none of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCommandITCase {
    static final Duration START = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    static int kafkaPort;
    static int uiPort;
    static Path output;
    static Path checkpoints;
    static Path savepoints;
    static Path logs;
    static Deployment deployment;
    /** Another deployment of the same job name: its snapshots are never this one's. */
    static final Deployment FOREIGN = new Deployment("local-itcase", "file:///flink-data/checkpoints");
    /** A checkpoint of the stream that {@code aCrashedRun…} killed, for the start over after it. */
    static Path crashedRunsCheckpoint;

    Process running;

    @BeforeAll
    static void layout() {
        kafkaPort = Repository.freePortPair();
        uiPort = Repository.freePort();
        output = work.resolve("my-output");
        checkpoints = work.resolve("my-checkpoints");
        savepoints = work.resolve("my-savepoints");
        logs = work.resolve("my-local/logs");
        deployment = new Deployment("local-itcase", checkpoints.toString());
    }

    @AfterEach
    void stopWhatRuns() throws InterruptedException {
        if (running != null && running.isAlive()) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static List<String> args(String... options) {
        List<String> args = new ArrayList<>(List.of("local", "--kafka-port", Integer.toString(kafkaPort)));
        args.addAll(List.of("--tracks", "400", "--tickets", "80", "--live-every", "0"));
        args.addAll(List.of(options));
        args.addAll(List.of(
                "--",
                "--output.dir",
                output.toString(),
                "--checkpoint.dir",
                checkpoints.toString(),
                "--savepoint.dir",
                savepoints.toString(),
                "--local.dir",
                work.resolve("my-local").toString(),
                "--local.web-ui.port",
                Integer.toString(uiPort),
                "--job.name",
                "local-itcase",
                "--job.parallelism",
                "1",
                "--checkpoint.interval",
                "1s"));
        return args;
    }

    @Test
    @Order(1)
    void boundedRunsRewriteTheConfiguredOutputWithoutAnyWindowTwice() {
        Repository.Result first = OpsRun.jar(work, Map.of(), Duration.ofMinutes(6), args("--bounded"));
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.stdout()).contains("Open " + output.resolve("_insights/report.html"));
        assertThat(output.resolve("_insights/report.html")).isRegularFile();
        List<GenericRecord> rows = ParquetDatasets.read(output, "genre_stats");
        assertThat(rows).isNotEmpty();
        assertThat(work.resolve("output")).as("nothing in the default output").doesNotExist();

        Repository.Result second = OpsRun.jar(work, Map.of(), Duration.ofMinutes(6), args("--bounded"));
        assertThat(second.exit()).as(second.all()).isZero();
        assertThat(second.stdout() + second.stderr()).as("published once").contains("already");
        List<GenericRecord> again = ParquetDatasets.read(output, "genre_stats");
        assertThat(again).hasSameSizeAs(rows);
        assertThat(keys(again)).as("one row per window and genre").hasSameSizeAs(again);

        assertThat(logs.resolve("flink-job.log")).isRegularFile();
        assertThat(logs.resolve("flink-job.log.1.gz"))
                .as("the first run's log, rotated, not overwritten")
                .exists();
        assertThat(logs.resolve("local.log.1.gz")).exists();
    }

    @Test
    @Order(2)
    void aCrashedRunResumesFromItsCheckpointAndCtrlCStopsWithASavepoint() throws Exception {
        running = start();
        String crashed = awaitRunningJob();
        assertThat(Files.readString(logs.resolve("flink-job.log")))
                .as("the stream compacts its part files (the bounded runs above never do)")
                .contains("--sink.compaction.checkpoints, 30");
        Path chk = awaitCheckpoint(crashed);
        crashedRunsCheckpoint = chk;
        ProcessHandle jobJvm = running.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("LocalRunner"))
                .findFirst()
                .orElseThrow();
        jobJvm.destroyForcibly(); // SIGKILL: no savepoint
        assertThat(running.waitFor(2, TimeUnit.MINUTES))
                .as("the local run ends with its job")
                .isTrue();

        // another deployment's savepoint, newer than the checkpoint: never resumed from here
        Path foreign =
                Files.createDirectories(savepoints.resolve("savepoint-" + FOREIGN.fingerprint() + "-00000000aaaa"));
        Files.setLastModifiedTime(
                Files.writeString(foreign.resolve("_metadata"), "not a savepoint"),
                FileTime.from(Instant.now().plusSeconds(600)));
        // five savepoints of this deployment, older than the checkpoint: the start keeps the newest three
        // (snapshots.retained) and deletes the rest
        List<Path> ours = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path sp = Files.createDirectories(
                    savepoints.resolve("savepoint-" + deployment.fingerprint() + "-00000000000" + i));
            Files.setLastModifiedTime(
                    Files.writeString(sp.resolve("_metadata"), "an old savepoint"),
                    FileTime.from(Instant.now().minusSeconds(3_600 - i)));
            ours.add(sp);
        }

        running = start();
        String resumed = awaitRunningJob();
        Path newest = Checkpoints.latest(checkpoints.resolve(crashed)).orElseThrow();
        assertThat(output(running)).contains("Resuming from " + newest);
        assertThat(output(running)).contains("older snapshot(s) (snapshots.retained = 3)");
        assertThat(ours.subList(0, 2)).allSatisfy(sp -> assertThat(sp).doesNotExist());
        assertThat(ours.subList(2, 5)).allSatisfy(sp -> assertThat(sp).exists());
        assertThat(newest.getFileName().toString()).matches("chk-\\d+");
        assertThat(Integer.parseInt(newest.getFileName().toString().substring(4)))
                .isGreaterThanOrEqualTo(
                        Integer.parseInt(chk.getFileName().toString().substring(4)));
        JsonNode restored = rest("/jobs/" + resumed + "/checkpoints").at("/latest/restored");
        assertThat(Path.of(restored.get("external_path").asText().replaceFirst("^file:(//)?", ""))
                        .normalize())
                .isEqualTo(newest);

        running.destroy(); // SIGTERM, as Ctrl+C would
        assertThat(running.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = output(running);
        assertThat(out).contains("Stopping the job with a savepoint...").contains("Stopping the Kafka broker...");
        Matcher savepoint = Pattern.compile("SAVEPOINT=file:(\\S+)").matcher(out);
        assertThat(savepoint.find()).as(out).isTrue();
        Path written = Path.of(savepoint.group(1).replaceFirst("^//", "")).normalize();
        assertThat(written.getParent()).isEqualTo(savepoints);
        assertThat(written.getFileName().toString()).startsWith("savepoint-" + deployment.fingerprint());
        assertThat(written.resolve("_metadata")).isRegularFile();

        // what the next start resumes from: this savepoint, not the other deployment's newer one
        Repository.Result next = OpsRun.inProcess(
                Map.of(),
                List.of(
                        "latest-checkpoint",
                        "--",
                        "--checkpoint.dir",
                        checkpoints.toString(),
                        "--savepoint.dir",
                        savepoints.toString(),
                        "--job.name",
                        "local-itcase"));
        assertThat(next.stdout().strip()).isEqualTo(written.toString());
        assertThat(foreign).exists();
    }

    @Test
    @Order(3)
    void aSecondRunOnABusyPortIsRefusedAndLeavesTheLogsOfTheRunningOneAlone() throws IOException {
        Path log = logs.resolve("local.log");
        assertThat(log).as("left by the runs above").isRegularFile();
        String before = Files.readString(log);
        List<String> files = logFiles();
        try (ServerSocket broker = new ServerSocket(kafkaPort, 1, InetAddress.getLoopbackAddress())) {
            Repository.Result second = OpsRun.jar(work, Map.of(), Duration.ofMinutes(2), args("--bounded"));

            assertThat(second.exit()).as(second.all()).isNotZero();
            assertThat(second.all()).contains("port " + kafkaPort + " is already in use");
        }
        assertThat(logFiles()).as("no log rotated").isEqualTo(files);
        assertThat(Files.readString(log)).as("the running one's log").isEqualTo(before);
    }

    /**
     * {@code --bounded} (like {@code --fresh}) starts over: it deletes this deployment's savepoints and
     * checkpoints, which a later stream would otherwise resume from over the rewritten output, and leaves
     * another deployment's alone.
     */
    @Test
    @Order(4)
    void aBoundedRunDeletesThisDeploymentsSnapshotsAndNoOtherOnes() throws IOException {
        String foreignPrefix = "savepoint-" + FOREIGN.fingerprint();
        assertThat(savepointsStartingWith("savepoint-" + deployment.fingerprint()))
                .as("left by the stream stopped above")
                .isNotEmpty();
        assertThat(savepointsStartingWith(foreignPrefix)).hasSize(1);
        assertThat(crashedRunsCheckpoint).as("the crashed stream's checkpoint").exists();
        // a committed file of an earlier output: a run that did not clear the output would leave it
        Path earlier = Files.createDirectories(output.resolve("genre_stats/dt=2000-01-01"))
                .resolve("genre_stats-earlier.parquet");
        Files.writeString(earlier, "an earlier output's file");

        Repository.Result run = OpsRun.jar(work, Map.of(), Duration.ofMinutes(6), args("--bounded"));

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(savepointsStartingWith("savepoint-" + deployment.fingerprint()))
                .isEmpty();
        assertThat(crashedRunsCheckpoint).doesNotExist();
        assertThat(savepointsStartingWith(foreignPrefix))
                .as("another deployment's")
                .hasSize(1);
        assertThat(earlier).as("the output cleared").doesNotExist();
        List<GenericRecord> rows = ParquetDatasets.read(output, "genre_stats");
        assertThat(rows).isNotEmpty();
        assertThat(keys(rows)).as("rewritten: one row per window and genre").hasSameSizeAs(rows);
    }

    private static List<String> savepointsStartingWith(String prefix) throws IOException {
        try (var listed = Files.list(savepoints)) {
            return listed.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix))
                    .toList();
        }
    }

    private static List<String> logFiles() throws IOException {
        try (var listed = Files.list(logs)) {
            return listed.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private final Map<Long, Path> outputs = new HashMap<>();

    /** {@code java -jar ops.jar local ...} in the background, its output (both streams) in a file. */
    private Process start() throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Repository.java(), "-jar", OpsRun.opsJar().toString()));
        command.addAll(args());
        Path log = Files.createTempFile(work, "local-run", ".txt");
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        outputs.put(p.pid(), log);
        return p;
    }

    private String output(Process p) {
        try {
            return Files.readString(outputs.get(p.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of this deployment's job once every task of it runs. */
    private String awaitRunningJob() throws InterruptedException {
        String[] id = new String[1];
        TestPipelines.await("the local run's job RUNNING\n" + "(output so far in the process log)", START, () -> {
            if (!running.isAlive()) {
                throw new AssertionError("the local run ended: " + output(running));
            }
            if (!Repository.reachable("http://localhost:" + uiPort + "/overview")) {
                return false;
            }
            for (JsonNode j : rest("/jobs/overview").get("jobs")) {
                if ("RUNNING".equals(j.get("state").asText())
                        && deployment.started(j.get("jid").asText())) {
                    JsonNode details = rest("/jobs/" + j.get("jid").asText());
                    if (details.get("status-counts").get("RUNNING").asInt()
                            == details.get("vertices").size()) {
                        id[0] = j.get("jid").asText();
                        return true;
                    }
                }
            }
            return false;
        });
        return id[0];
    }

    private static Path awaitCheckpoint(String job) throws InterruptedException {
        TestPipelines.await(
                "a completed checkpoint of " + job + " in " + checkpoints,
                Duration.ofMinutes(1),
                () -> Checkpoints.latest(checkpoints.resolve(job)).isPresent());
        return Checkpoints.latest(checkpoints.resolve(job)).orElseThrow();
    }

    private static JsonNode rest(String path) {
        Repository.Http r = Repository.get("http://localhost:" + uiPort + path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static Set<String> keys(List<GenericRecord> rows) {
        Set<String> keys = new HashSet<>();
        rows.forEach(r -> keys.add(r.get("window_start") + "/" + r.get("genre")));
        return keys;
    }

    /** A port P whose neighbour P+1 (the broker's controller) is free too. */
}
