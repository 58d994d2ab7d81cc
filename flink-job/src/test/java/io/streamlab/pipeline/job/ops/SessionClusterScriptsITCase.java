package io.streamlab.pipeline.job.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Track;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations scripts against a Flink session cluster like the one of docker-compose.yml (a JobManager
 * and a TaskManager JVM started from conf/flink/config.yaml, see {@link StandaloneCluster}) running the
 * shaded job jar: submit, list, savepoint, rescale, cancel and resume from the latest checkpoint, stop
 * and resume from the savepoint. Also checks that every metric the Grafana dashboard queries exists on
 * the running job. The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterScriptsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path work;

    static StandaloneCluster cluster;
    static Map<String, String> env;
    static String jar;
    static List<String> jobFlags;
    static String job;

    @BeforeAll
    static void startCluster() throws Exception {
        Path jarPath = Ops.root().resolve(Ops.builtJar("flink-job"));
        assertTrue(Files.isRegularFile(jarPath), jarPath + " is built by the package phase");
        jar = jarPath.toString();

        PipelineConfig config = TestPipelines.config(KAFKA.bootstrapServers(), work);
        KafkaTopics.createAll(KAFKA.broker(), config);
        List<Track> tracks = TestTracks.generate(3000, Instant.now().getEpochSecond() - 600, 100, 3);
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                tracks.stream().map(t -> Map.entry(t.trackId(), Json.write(t))).toList());
        List<Map.Entry<String, byte[]>> tickets = new ArrayList<>();
        String[] types = {"incident", "question", "feature_request"};
        for (int i = 0; i < 300; i++) {
            Ticket t = new Ticket(
                    "OPS-" + i,
                    "CLI-" + (i % 11),
                    Instant.now().minusSeconds(600 - i).toString(),
                    types[i % 3],
                    "high",
                    "Sujet " + i,
                    "La synchronisation échoue",
                    "email",
                    0,
                    0,
                    0);
            tickets.add(Map.entry(t.ticketId(), Json.write(t)));
        }
        KafkaTopics.publish(KAFKA.bootstrapServers(), config.topics().tickets(), tickets);

        cluster = StandaloneCluster.start(work.resolve("cluster"), 4);
        env = Map.of("FLINK_REST", cluster.rest, "OPS_TIMEOUT", "180");
        // what the docker compose JobManager has in its environment, here as flags
        jobFlags = List.of(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--output.dir", work.resolve("output").toString(),
                "--checkpoint.dir", cluster.checkpoints.toUri().toString(),
                "--savepoint.dir", cluster.savepoints.toUri().toString(),
                "--checkpoint.interval", "1s",
                "--restart.attempts", "0",
                "--job.name", "ops-session-itcase");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Ops.Result script(String name, List<String> args) {
        return script(name, args, Map.of());
    }

    /** Runs a script against the cluster; extra environment such as OPS_JSON_TOOL. */
    static Ops.Result script(String name, List<String> args, Map<String, String> extra) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(extra);
        Ops.Result r = Ops.script(all, name, args.toArray(String[]::new));
        if (!cluster.isAlive()) {
            throw new AssertionError(
                    "the cluster died during " + name + " " + args + "\n" + r.all() + "\n" + cluster.logTails());
        }
        return r;
    }

    static List<String> withFlags(String... first) {
        List<String> args = new ArrayList<>(List.of(first));
        args.addAll(jobFlags);
        return args;
    }

    static JsonNode rest(String path) {
        Ops.Http r = Ops.get(cluster.rest + path);
        assertEquals(200, r.status(), path + ": " + r.body());
        return r.json();
    }

    static String state(String jobId) {
        return rest("/jobs/" + jobId).get("state").asText();
    }

    /** Flink reports any restore from an external path (savepoint or retained checkpoint) as is_savepoint. */
    static void assertRunningFrom(String jobId, String restoredPath) {
        assertEquals("RUNNING", state(jobId));
        JsonNode restored = rest("/jobs/" + jobId + "/checkpoints").at("/latest/restored");
        assertEquals(
                localPath(restoredPath).normalize(),
                localPath(restored.get("external_path").asText()).normalize(),
                restored.toString());
    }

    static Path localPath(String location) {
        return Path.of(location.replaceFirst("^file:(//)?", ""));
    }

    static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Test
    @Order(1)
    void submitUploadsAndRunsTheJar() {
        Ops.Result r = script("submit.sh", withFlags(jar));
        assertEquals(0, r.exit(), r.all() + cluster.logTails());
        job = lastLine(r.stdout());
        assertTrue(job.matches("[0-9a-f]{32}"), r.all());
        assertTrue(r.stderr().contains("is running"), r.all());
        assertEquals("RUNNING", state(job));

        Ops.Result list = script("jobs.sh", List.of());
        assertEquals(0, list.exit(), list.all());
        assertTrue(
                list.stdout()
                        .lines()
                        .anyMatch(l -> l.startsWith(job) && l.contains("RUNNING") && l.endsWith("ops-session-itcase")),
                list.all());
        assertEquals(job, script("jobs.sh", List.of("--running")).stdout().strip());
        assertEquals(1, rest("/jars").get("files").size(), "one upload of the jar is kept");
    }

    @Test
    @Order(2)
    void aConfigurationErrorIsReportedAndTheJobManagerSurvives() {
        Ops.Result r = script("submit.sh", withFlags(jar, "--topic.partition", "3"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.stderr().contains("Flink could not run the job"), r.all());
        assertTrue(
                r.stderr()
                        .contains("Unknown configuration key 'topic.partition' (from --topic.partition). "
                                + "Did you mean topic.partitions?"),
                "the job's own message reaches the user: " + r.all());
        assertTrue(
                cluster.jobManagerLogContains("Unknown configuration key 'topic.partition'"),
                "the job's own message is in the JobManager's log");
        assertEquals(200, Ops.get(cluster.rest + "/overview").status(), "the JobManager is still up");
        assertEquals(job, script("jobs.sh", List.of("--running")).stdout().strip());
    }

    @Test
    @Order(3)
    void savepointLeavesTheJobRunning() {
        Ops.Result r = script("savepoint.sh", List.of(job), Map.of("OPS_JSON_TOOL", "sed")); // the fallback reader
        assertEquals(0, r.exit(), r.all());
        Path savepoint = localPath(lastLine(r.stdout()));
        assertTrue(savepoint.startsWith(cluster.savepoints), savepoint + " in the configured savepoint directory");
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")), savepoint + " has _metadata");
        assertEquals("RUNNING", state(job));
    }

    /** Every metric the Grafana dashboard queries, as Flink's REST API shows it on the running job. */
    @Test
    @Order(4)
    void theDashboardQueriesMetricsTheJobHas() throws Exception {
        JsonNode dashboard = Ops.JSON.readTree(
                Ops.root().resolve("docker/grafana/dashboards/pipeline.json").toFile());
        Set<String> wanted = DashboardMetrics.of(dashboard);
        Set<String> available = new TreeSet<>();
        TestPipelines.await(
                "the job's metrics, including the Kafka sources' pendingRecords", Duration.ofMinutes(2), () -> {
                    available.clear();
                    rest("/jobmanager/metrics")
                            .forEach(m -> available.add(DashboardMetrics.JOBMANAGER
                                    + DashboardMetrics.plainMetric(m.get("id").asText())));
                    rest("/jobs/" + job + "/metrics")
                            .forEach(m -> available.add(DashboardMetrics.JOB
                                    + DashboardMetrics.plainMetric(m.get("id").asText())));
                    rest("/jobs/" + job)
                            .get("vertices")
                            .forEach(v -> rest("/jobs/" + job + "/vertices/"
                                            + v.get("id").asText() + "/metrics")
                                    .forEach(m -> available.add(DashboardMetrics.OPERATOR
                                            + DashboardMetrics.operatorMetric(
                                                    m.get("id").asText()))));
                    return available.containsAll(wanted);
                });
        assertTrue(
                available.containsAll(wanted),
                "missing: "
                        + wanted.stream().filter(w -> !available.contains(w)).toList());
    }

    @Test
    @Order(5)
    void rescaleBeyondTheSlotsIsRefusedAndTheJobKeepsRunning() {
        Ops.Result r = script("rescale.sh", withFlags(job, "9", jar));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.stderr().contains("needs 9 slots but the cluster has 4"), r.all());
        assertEquals("RUNNING", state(job));
    }

    @Test
    @Order(6)
    void rescaleStopsWithASavepointAndResumesWithTheNewParallelism() {
        String before = job;
        Ops.Result r = script("rescale.sh", withFlags(before, "3", jar));
        assertEquals(0, r.exit(), r.all() + cluster.logTails());
        job = lastLine(r.stdout());
        assertNotEquals(before, job);
        assertEquals("FINISHED", state(before), "stopped with a savepoint");
        int max = 0;
        for (JsonNode v : rest("/jobs/" + job).get("vertices")) {
            max = Math.max(max, v.get("parallelism").asInt());
        }
        assertEquals(3, max, "the job runs with parallelism 3");
        JsonNode restored = rest("/jobs/" + job + "/checkpoints").at("/latest/restored");
        assertTrue(restored.get("is_savepoint").asBoolean(), restored.toString());
        assertTrue(
                localPath(restored.get("external_path").asText()).startsWith(cluster.savepoints), restored.toString());
    }

    @Test
    @Order(7)
    void aCancelledJobResumesFromItsLatestRetainedCheckpoint() throws Exception {
        Path jobCheckpoints = cluster.checkpoints.resolve(job);
        TestPipelines.await("a completed checkpoint of " + job, Duration.ofMinutes(1), () -> {
            try (var dirs = Files.list(jobCheckpoints)) {
                return dirs.anyMatch(
                        d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        HttpResponse<String> cancel = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cluster.rest + "/jobs/" + job + "?mode=cancel"))
                                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(202, cancel.statusCode(), cancel.body());
        String cancelled = job;
        TestPipelines.await(
                "job " + cancelled + " cancelled",
                Duration.ofMinutes(1),
                () -> state(cancelled).equals("CANCELED"));

        Ops.Result latest = script("latest-checkpoint.sh", List.of("--job", cancelled, cluster.checkpoints.toString()));
        assertEquals(0, latest.exit(), latest.all());
        Path checkpoint = Path.of(latest.stdout().strip());
        assertTrue(
                checkpoint.getFileName().toString().startsWith("chk-") && Files.exists(checkpoint.resolve("_metadata")),
                latest.all());
        assertEquals(
                checkpoint.toString(),
                script("latest-checkpoint.sh", List.of(cluster.checkpoints.toString()))
                        .stdout()
                        .strip(),
                "the newest checkpoint of all jobs");

        Ops.Result resumed = script("resume.sh", withFlags("--allow-non-restored-state", jar, checkpoint.toString()));
        assertEquals(0, resumed.exit(), resumed.all() + cluster.logTails());
        job = lastLine(resumed.stdout());
        assertRunningFrom(job, checkpoint.toString());
    }

    @Test
    @Order(8)
    void stopWithASavepointThenResumeFromIt() {
        String before = job;
        Ops.Result stop = script("stop.sh", List.of(before));
        assertEquals(0, stop.exit(), stop.all());
        assertTrue(stop.stderr().contains("job " + before + " is FINISHED"), stop.all());
        String location = lastLine(stop.stdout());
        assertTrue(Files.isRegularFile(localPath(location).resolve("_metadata")), location);
        assertEquals("FINISHED", state(before));
        assertEquals("", script("jobs.sh", List.of("--running")).stdout().strip(), "nothing runs after the stop");

        Ops.Result notRunning = script("savepoint.sh", List.of(before));
        assertEquals(1, notRunning.exit(), notRunning.all());
        assertTrue(notRunning.stderr().contains("is FINISHED, not RUNNING"), notRunning.all());

        Ops.Result resumed = script("resume.sh", withFlags(jar, location), Map.of("OPS_JSON_TOOL", "python3"));
        assertEquals(0, resumed.exit(), resumed.all() + cluster.logTails());
        job = lastLine(resumed.stdout());
        assertRunningFrom(job, location);

        Ops.Result finalStop = script("stop.sh", List.of(job));
        assertEquals(0, finalStop.exit(), finalStop.all());
    }
}
