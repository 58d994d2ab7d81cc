package io.streamlab.pipeline.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.e2e.OpsRun;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.snapshots.Deployment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops commands against a Flink session cluster like the one of docker-compose.yml (a JobManager and
 * a TaskManager JVM started from conf/flink/config.yaml, jar upload off, see {@link StandaloneCluster})
 * and the shaded job jar: submit (through POST /jobs), list, savepoint, rescale, a cancelled job resumed
 * by submit from its newest retained checkpoint, stop then submit resuming from the savepoint, prune.
 * Another deployment's newer savepoint in the same directory is never resumed from nor pruned. Also
 * checks that every metric the Grafana dashboard queries exists on the running job. The steps build on
 * each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterITCase {
    static final String JOB_NAME = "ops-session-itcase";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path work;

    static StandaloneCluster cluster;
    static Map<String, String> env;
    static List<String> jobFlags;
    static Deployment deployment;
    static Path foreignSavepoint;
    static String job;

    @BeforeAll
    static void startCluster() throws Exception {
        Path jar = Repository.root().resolve(Repository.builtJar("flink-job"));
        assertThat(jar).as("built by the package phase").isRegularFile();
        assertThat(OpsRun.opsJar()).as("built by the package phase").isRegularFile();

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
        env = Map.of("OPS_FLINK_REST", cluster.rest, "OPS_TIMEOUT", "3min", "OPS_JOB_JAR", jar.toString());
        // what the compose ops container has in its environment, here as flags
        jobFlags = List.of(
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--output.dir", work.resolve("output").toString(),
                "--checkpoint.dir", cluster.checkpoints.toUri().toString(),
                "--savepoint.dir", cluster.savepoints.toUri().toString(),
                "--checkpoint.interval", "1s",
                "--restart.attempts", "0",
                "--job.name", JOB_NAME);
        deployment = new Deployment(JOB_NAME, cluster.checkpoints.toUri().toString());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * {@code ops args... -- <job flags>}: the commands that start the job run as the packaged jar in a JVM
     * of their own, as users and the compose services run them (the job's main() builds its JobGraph there,
     * with the job jar's classes over Flink's client alone; this test JVM also has the job's connectors on
     * its class path). The others run in this JVM.
     */
    static Repository.Result ops(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--");
        all.addAll(jobFlags);
        Repository.Result r = Set.of("submit", "resume", "rescale").contains(args[0])
                ? OpsRun.jar(work, env, Duration.ofMinutes(5), all)
                : OpsRun.inProcess(env, all);
        if (!cluster.isAlive()) {
            throw new AssertionError(
                    "the cluster died during ops " + List.of(args) + "\n" + r.all() + "\n" + cluster.logTails());
        }
        return r;
    }

    static JsonNode rest(String path) {
        Repository.Http r = Repository.get(cluster.rest + path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static String state(String jobId) {
        return rest("/jobs/" + jobId).get("state").asText();
    }

    /** Flink reports any restore from an external path (savepoint or retained checkpoint) as is_savepoint. */
    static void assertRunningFrom(String jobId, Path restored) {
        assertThat(state(jobId)).isEqualTo("RUNNING");
        JsonNode latest = rest("/jobs/" + jobId + "/checkpoints").at("/latest/restored");
        assertThat(localPath(latest.get("external_path").asText()))
                .as(latest.toString())
                .isEqualTo(restored.normalize());
    }

    static Path localPath(String location) {
        return Path.of(location.replaceFirst("^file:(//)?", "")).normalize();
    }

    static List<Path> savepointsOf(String fingerprint) throws IOException {
        try (Stream<Path> all = Files.list(cluster.savepoints)) {
            return all.filter(p -> p.getFileName().toString().startsWith("savepoint-" + fingerprint))
                    .sorted()
                    .toList();
        }
    }

    @Test
    @Order(1)
    void submitBuildsTheJobGraphAndPostsItWithJarUploadOff() {
        assertThat(Repository.get(cluster.rest + "/jars").status())
                .as("conf/flink/config.yaml turns the REST API's jar upload and run off")
                .isEqualTo(404);

        Repository.Result r = ops("submit");

        assertThat(r.exit()).as(r.all() + cluster.logTails()).isZero();
        job = r.lastLine();
        assertThat(job).matches("[0-9a-f]{32}").startsWith(deployment.fingerprint());
        assertThat(r.stderr()).contains("no snapshot of this deployment").contains("job " + job + " is running");
        assertThat(state(job)).isEqualTo("RUNNING");

        Repository.Result list = ops("jobs");
        assertThat(list.exit()).isZero();
        assertThat(list.stdout().lines())
                .anyMatch(l -> l.startsWith(job) && l.contains("RUNNING") && l.endsWith(JOB_NAME));
        assertThat(ops("jobs", "--running").stdout().strip()).isEqualTo(job);
    }

    @Test
    @Order(2)
    void submitAgainLeavesTheRunningJobAlone() {
        Repository.Result r = ops("submit");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(job);
        assertThat(r.stderr()).contains("is already RUNNING").contains("nothing submitted");
        assertThat(ops("jobs", "--running").stdout().strip()).isEqualTo(job);
    }

    @Test
    @Order(3)
    void aConfigurationErrorIsReportedBeforeAnythingIsSubmitted() {
        Repository.Result r = OpsRun.inProcess(env, withFlags("submit", "--topic.partition", "3"));
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("Unknown configuration key 'topic.partition' (from --topic.partition). "
                        + "Did you mean topic.partitions?");
        assertThat(Repository.get(cluster.rest + "/overview").status()).isEqualTo(200);
        assertThat(ops("jobs", "--running").stdout().strip()).isEqualTo(job);
    }

    @Test
    @Order(4)
    void savepointLeavesTheJobRunning() {
        Repository.Result r = ops("savepoint");
        assertThat(r.exit()).as(r.all()).isZero();
        Path savepoint = localPath(r.lastLine());
        assertThat(savepoint).startsWith(cluster.savepoints);
        assertThat(savepoint.getFileName().toString()).startsWith("savepoint-" + deployment.fingerprint());
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        assertThat(state(job)).isEqualTo("RUNNING");
    }

    /** Every metric the Grafana dashboard queries, as Flink's REST API shows it on the running job. */
    @Test
    @Order(5)
    void theDashboardQueriesMetricsTheJobHas() throws Exception {
        JsonNode dashboard = Repository.JSON.readTree(Repository.root()
                .resolve("docker/grafana/dashboards/pipeline.json")
                .toFile());
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
        assertThat(available).containsAll(wanted);
    }

    @Test
    @Order(6)
    void rescaleBeyondTheSlotsIsRefusedAndTheJobKeepsRunning() {
        Repository.Result r = ops("rescale", "9");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("needs 9 slots but the cluster has 4");
        assertThat(state(job)).isEqualTo("RUNNING");
    }

    @Test
    @Order(7)
    void rescaleStopsWithASavepointAndResumesWithTheNewParallelism() {
        String before = job;
        Repository.Result r = ops("rescale", "3");
        assertThat(r.exit()).as(r.all() + cluster.logTails()).isZero();
        job = r.lastLine();
        assertThat(job).isNotEqualTo(before).startsWith(deployment.fingerprint());
        assertThat(state(before)).as("stopped with a savepoint").isEqualTo("FINISHED");
        int max = 0;
        for (JsonNode v : rest("/jobs/" + job).get("vertices")) {
            max = Math.max(max, v.get("parallelism").asInt());
        }
        assertThat(max).as("the job runs with parallelism 3").isEqualTo(3);
        JsonNode restored = rest("/jobs/" + job + "/checkpoints").at("/latest/restored");
        assertThat(restored.get("is_savepoint").asBoolean())
                .as(restored.toString())
                .isTrue();
        assertThat(localPath(restored.get("external_path").asText())).startsWith(cluster.savepoints);
    }

    /**
     * After a crash or a cancel there is no savepoint: submit takes the newest retained checkpoint of
     * this deployment, and not the newer savepoint another deployment left in the same directory.
     */
    @Test
    @Order(8)
    void submitResumesACancelledJobFromItsNewestRetainedCheckpoint() throws Exception {
        Path jobCheckpoints = cluster.checkpoints.resolve(job);
        TestPipelines.await("a completed checkpoint of " + job, Duration.ofMinutes(1), () -> {
            try (var dirs = Files.list(jobCheckpoints)) {
                return dirs.anyMatch(
                        d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")));
            } catch (IOException e) {
                return false;
            }
        });
        String cancelled = job;
        new FlinkRestClient(URI.create(cluster.rest)).cancel(cancelled);
        TestPipelines.await(
                "job " + cancelled + " cancelled",
                Duration.ofMinutes(1),
                () -> state(cancelled).equals("CANCELED"));

        Repository.Result latest = ops("latest-checkpoint", "--job", cancelled);
        assertThat(latest.exit()).as(latest.all()).isZero();
        Path checkpoint = Path.of(latest.lastLine());
        assertThat(checkpoint.getParent()).isEqualTo(jobCheckpoints);
        assertThat(checkpoint.getFileName().toString()).matches("chk-\\d+");
        assertThat(ops("latest-checkpoint").lastLine())
                .as("the newest of the deployment")
                .isEqualTo(checkpoint.toString());

        // another deployment's savepoint, newer than everything: a real one, under another fingerprint
        Path ours = savepointsOf(deployment.fingerprint()).get(0);
        String theirs = new Deployment(JOB_NAME, "file:///flink-data/checkpoints").fingerprint();
        foreignSavepoint = cluster.savepoints.resolve("savepoint-" + theirs + "-0123456789ab");
        copy(ours, foreignSavepoint);
        Files.setLastModifiedTime(
                foreignSavepoint.resolve("_metadata"),
                FileTime.from(Instant.now().plusSeconds(3600)));

        Repository.Result resumed = ops("submit", "--parallelism", "3");
        assertThat(resumed.exit()).as(resumed.all() + cluster.logTails()).isZero();
        assertThat(resumed.stderr()).contains("resuming from " + checkpoint);
        job = resumed.lastLine();
        assertRunningFrom(job, checkpoint);
    }

    @Test
    @Order(9)
    void stopWithASavepointThenSubmitResumesFromIt() {
        String before = job;
        Repository.Result stop = ops("stop");
        assertThat(stop.exit()).as(stop.all()).isZero();
        assertThat(stop.stderr()).contains("job " + before + " is FINISHED");
        Path savepoint = localPath(stop.lastLine());
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        assertThat(state(before)).isEqualTo("FINISHED");
        assertThat(ops("jobs", "--running").stdout())
                .as("nothing runs after the stop")
                .isEmpty();

        Repository.Result notRunning = ops("savepoint", "--job", before);
        assertThat(notRunning.exit()).isEqualTo(1);
        assertThat(notRunning.stderr()).contains("is FINISHED, not RUNNING");

        Repository.Result resumed = ops("submit", "--parallelism", "3");
        assertThat(resumed.exit()).as(resumed.all() + cluster.logTails()).isZero();
        job = resumed.lastLine();
        assertRunningFrom(job, savepoint);

        Repository.Result twice = ops("resume", savepoint.toString());
        assertThat(twice.exit()).as(twice.all()).isEqualTo(1);
        assertThat(twice.stderr()).contains("is still RUNNING (" + job + "): stop it first");
    }

    @Test
    @Order(10)
    void pruneKeepsTheNewestSnapshotsOfThisDeploymentOnly() throws Exception {
        List<Path> before = savepointsOf(deployment.fingerprint());
        assertThat(before).hasSizeGreaterThanOrEqualTo(3);
        Path newest = localPath(ops("latest-checkpoint").lastLine());

        Repository.Result r = ops("prune", "--keep", "1");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(savepointsOf(deployment.fingerprint())).hasSize(1);
        assertThat(foreignSavepoint).as("another deployment's savepoint").exists();
        assertThat(cluster.checkpoints.resolve(job))
                .as("the running job's checkpoints")
                .exists();
        try (Stream<Path> jobs = Files.list(cluster.checkpoints)) {
            assertThat(jobs.filter(p -> p.getFileName().toString().startsWith(deployment.fingerprint())))
                    .as("the running job and the newest earlier one")
                    .hasSize(2);
        }
        assertThat(newest).exists();

        Repository.Result finalStop = ops("stop");
        assertThat(finalStop.exit()).as(finalStop.all()).isZero();
    }

    private static List<String> withFlags(String command, String... extra) {
        List<String> all = new ArrayList<>(List.of(command, "--"));
        all.addAll(jobFlags);
        all.addAll(List.of(extra));
        return all;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : tree.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
