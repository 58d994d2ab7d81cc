package io.streamlab.pipeline.job.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations scripts against the local run: the job on a local cluster with its web UI, in this JVM,
 * as {@code LocalRunner} (run-local.sh) starts it. Lists, savepoints, the newest checkpoint, the errors,
 * and last the stop with a savepoint, after which the local cluster is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsScriptsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path work;

    static PipelineConfig config;
    static JobClient job;
    static String jobId;
    static String rest;
    static Map<String, String> env;

    @BeforeAll
    static void startLocalRun() throws Exception {
        config = TestPipelines.config(KAFKA.bootstrapServers(), work);
        KafkaTopics.createAll(KAFKA.broker(), config);
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                TestTracks.generate(500, Instant.now().getEpochSecond() - 300, 200, 7).stream()
                        .map(t -> Map.entry(t.trackId(), Json.write(t)))
                        .toList());

        // what LocalRunner does, without blocking: the web UI on a free port of the loopback interface
        int port = Ops.freePort();
        Configuration flink = FlinkSettings.toConfiguration(config);
        flink.setString("rest.port", Integer.toString(port));
        flink.setString("rest.address", "localhost");
        flink.setString("rest.bind-address", "127.0.0.1");
        flink.setString(
                "taskmanager.numberOfTaskSlots", Integer.toString(config.job().parallelism()));
        StreamExecutionEnvironment localEnv = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        PipelineJob.prepare(localEnv, config);
        job = localEnv.executeAsync(config.job().name());
        jobId = job.getJobID().toHexString();
        rest = "http://localhost:" + port;
        env = Map.of("FLINK_REST", rest, "OPS_TIMEOUT", "120");
        TestPipelines.await("every task of the local run RUNNING", Duration.ofMinutes(2), () -> {
            Ops.Http r = Ops.get(rest + "/jobs/" + jobId);
            if (r.status() != 200) {
                return false;
            }
            JsonNode counts = r.json().get("status-counts");
            return "RUNNING".equals(r.json().get("state").asText())
                    && counts.get("RUNNING").asInt() == r.json().get("vertices").size();
        });
    }

    @AfterAll
    static void cancelIfRunning() {
        if (job != null && !job.getJobExecutionResult().isDone()) {
            job.cancel();
        }
    }

    static Ops.Result script(String name, String... args) {
        return Ops.script(env, name, args);
    }

    static Path localPath(String location) {
        return Path.of(location.strip().replaceFirst("^file:(//)?", ""));
    }

    @Test
    @Order(1)
    void jobsListsTheRunningJobWithEveryJsonReader() {
        for (String tool : List.of("jq", "python3", "sed")) {
            if (!tool.equals("sed") && !Ops.installed(tool)) {
                continue;
            }
            Ops.Result r = Ops.script(Map.of("FLINK_REST", rest, "OPS_JSON_TOOL", tool), "jobs.sh");
            assertEquals(0, r.exit(), tool + ": " + r.all());
            assertTrue(r.stdout().startsWith("JOB_ID"), tool + ": " + r.all());
            assertTrue(
                    r.stdout()
                            .lines()
                            .anyMatch(l -> l.startsWith(jobId)
                                    && l.contains("RUNNING")
                                    && l.endsWith(config.job().name())),
                    tool + ": " + r.all());
        }
        assertEquals(jobId, script("jobs.sh", "--running").stdout().strip());
    }

    @Test
    @Order(2)
    void savepointWritesASavepointAndTheJobKeepsRunning() throws Exception {
        Ops.Result r = script("savepoint.sh", jobId);
        assertEquals(0, r.exit(), r.all());
        Path savepoint = localPath(r.stdout());
        assertTrue(savepoint.startsWith(work.resolve("savepoints")), savepoint + " in the job's savepoint.dir");
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")), savepoint + " has _metadata");
        assertTrue(r.stderr().contains("the job keeps running"), r.all());

        Path elsewhere = work.resolve("manual-savepoints");
        Ops.Result there = script("savepoint.sh", jobId, elsewhere.toString());
        assertEquals(0, there.exit(), there.all());
        assertTrue(localPath(there.stdout()).startsWith(elsewhere), there.all());
        assertTrue(Files.isRegularFile(localPath(there.stdout()).resolve("_metadata")));
        assertEquals("RUNNING", job.getJobStatus().get(10, TimeUnit.SECONDS).name());
    }

    @Test
    @Order(3)
    void latestCheckpointFindsACheckpointOfTheRunningJob() throws Exception {
        Path checkpoints = work.resolve("checkpoints");
        TestPipelines.await(
                "a completed checkpoint",
                Duration.ofMinutes(1),
                () -> Ops.script(Map.of(), "latest-checkpoint.sh", checkpoints.toString())
                                .exit()
                        == 0);
        Ops.Result r = Ops.script(Map.of(), "latest-checkpoint.sh", "--job", jobId, checkpoints.toString());
        assertEquals(0, r.exit(), r.all());
        Path chk = Path.of(r.stdout().strip());
        assertEquals(checkpoints.resolve(jobId), chk.getParent());
        assertTrue(chk.getFileName().toString().matches("chk-\\d+"), r.all());
    }

    @Test
    @Order(4)
    void errorsAreClearAndExitNonZero() throws Exception {
        Ops.Result unknown = script("savepoint.sh", "00000000000000000000000000000000");
        assertEquals(1, unknown.exit(), unknown.all());
        assertTrue(
                unknown.stderr().contains("job 00000000000000000000000000000000 not found at " + rest), unknown.all());

        Ops.Result unknownStop = script("stop.sh", "ffffffffffffffffffffffffffffffff");
        assertEquals(1, unknownStop.exit(), unknownStop.all());
        assertTrue(unknownStop.stderr().contains("not found"), unknownStop.all());

        Ops.Result badId = script("stop.sh", "my-job");
        assertEquals(2, badId.exit(), badId.all());

        Ops.Result badDir = script("savepoint.sh", jobId, "/proc/no-savepoints-here");
        assertEquals(1, badDir.exit(), badDir.all());
        assertTrue(badDir.stderr().contains("the savepoint failed"), badDir.all());
        assertTrue(badDir.stderr().contains("/proc/no-savepoints-here"), "the root cause is shown: " + badDir.all());

        // the local run is a one-job cluster: nothing can be submitted to it, and the scripts say so
        Path jar = Files.createTempFile(work, "job", ".jar");
        for (List<String> call : List.of(
                List.of("submit.sh", jar.toString()),
                List.of("resume.sh", jar.toString(), "file:///savepoints/savepoint-012345-0123456789ab"),
                List.of("rescale.sh", jobId, "2", jar.toString()))) {
            Ops.Result r = script(call.get(0), call.subList(1, call.size()).toArray(String[]::new));
            assertEquals(1, r.exit(), call + ": " + r.all());
            assertTrue(
                    r.stderr().contains("is the local run of ./run-local.sh")
                            && r.stderr().contains("./run-local.sh"),
                    call + ": " + r.all());
        }
        Ops.Result incomplete =
                script("resume.sh", jar.toString(), work.resolve("savepoints").toString());
        assertEquals(1, incomplete.exit(), incomplete.all());
        assertTrue(
                incomplete.stderr().contains("is not a complete savepoint or checkpoint (no _metadata in it)"),
                incomplete.all());
        assertEquals("RUNNING", job.getJobStatus().get(10, TimeUnit.SECONDS).name(), "nothing touched the job");
    }

    @Test
    @Order(5)
    void stopEndsTheJobWithASavepointAndTheLocalClusterWithIt() throws Exception {
        Ops.Result r = script("stop.sh", jobId);
        assertEquals(0, r.exit(), r.all());
        Path savepoint = localPath(r.stdout());
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")), r.all());
        assertTrue(savepoint.getFileName().toString().startsWith("savepoint-" + jobId.substring(0, 6)), r.all());
        assertTrue(r.stderr().contains("is FINISHED") || r.stderr().contains("shut down with it"), r.all());

        JobExecutionResult result = job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        assertEquals(job.getJobID(), result.getJobID(), "the job ended normally (stop with savepoint: FINISHED)");

        TestPipelines.await(
                "the local cluster to shut down with its job",
                Duration.ofMinutes(1),
                () -> !Ops.reachable(rest + "/overview"));
        Ops.Result gone = script("jobs.sh");
        assertEquals(3, gone.exit(), gone.all());
        assertTrue(gone.stderr().contains("cannot reach Flink at " + rest), gone.all());
    }
}
