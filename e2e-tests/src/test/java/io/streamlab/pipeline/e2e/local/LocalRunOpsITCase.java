package io.streamlab.pipeline.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.e2e.OpsRun;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.snapshots.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
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
 * The ops commands against the local run: the job on a local cluster with its web UI, in this JVM, as
 * {@code LocalRunner} (run-local.sh) starts it. Lists, savepoints, the newest checkpoint, the errors,
 * and last the stop with a savepoint, after which the local cluster is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunOpsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path work;

    static PipelineConfig config;
    static List<String> configFlags;
    static JobClient job;
    static String jobId;
    static String rest;
    static Map<String, String> env;

    @BeforeAll
    static void startLocalRun() throws Exception {
        configFlags = TestPipelines.configArgs(KAFKA.bootstrapServers(), work);
        config = PipelineConfig.load(configFlags, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                TestTracks.generate(500, Instant.now().getEpochSecond() - 300, 200, 7).stream()
                        .map(t -> Map.entry(t.trackId(), Json.write(t)))
                        .toList());

        // what LocalRunner does, without blocking: the web UI on a free port of the loopback interface,
        // and a job id of this deployment
        int port = Repository.freePort();
        Configuration flink = FlinkSettings.toConfiguration(config);
        flink.setString("rest.port", Integer.toString(port));
        flink.setString("rest.address", "localhost");
        flink.setString("rest.bind-address", "127.0.0.1");
        flink.setString(
                "taskmanager.numberOfTaskSlots", Integer.toString(config.job().parallelism()));
        flink.set(
                PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID,
                Deployment.of(config).newJobId());
        StreamExecutionEnvironment localEnv = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        PipelineJob.prepare(localEnv, config);
        job = localEnv.executeAsync(config.job().name());
        jobId = job.getJobID().toHexString();
        rest = "http://localhost:" + port;
        env = Map.of("OPS_FLINK_REST", rest, "OPS_TIMEOUT", "2min");
        TestPipelines.await("every task of the local run RUNNING", Duration.ofMinutes(2), () -> {
            Repository.Http r = Repository.get(rest + "/jobs/" + jobId);
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

    /** {@code ops args... -- <the run's configuration>} in this JVM. */
    static Repository.Result ops(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--");
        all.addAll(configFlags);
        return OpsRun.inProcess(env, all);
    }

    static Path localPath(String location) {
        return Path.of(location.strip().replaceFirst("^file:(//)?", ""));
    }

    @Test
    @Order(1)
    void jobsListsTheRunningJob() {
        Repository.Result r = ops("jobs");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("JOB_ID");
        assertThat(r.stdout().lines())
                .as(r.all())
                .anyMatch(l -> l.startsWith(jobId)
                        && l.contains("RUNNING")
                        && l.endsWith(config.job().name()));
        assertThat(ops("jobs", "--running").stdout().strip()).isEqualTo(jobId);
    }

    @Test
    @Order(2)
    void savepointWritesASavepointAndTheJobKeepsRunning() throws Exception {
        Repository.Result r = ops("savepoint");
        assertThat(r.exit()).as(r.all()).isZero();
        Path savepoint = localPath(r.stdout());
        assertThat(savepoint).as("in the job's savepoint.dir").startsWith(work.resolve("savepoints"));
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        assertThat(r.stderr()).contains("the job keeps running");

        Path elsewhere = work.resolve("manual-savepoints");
        Repository.Result there = ops("savepoint", "--job", jobId, "--dir", elsewhere.toString());
        assertThat(there.exit()).as(there.all()).isZero();
        assertThat(localPath(there.stdout())).startsWith(elsewhere);
        assertThat(localPath(there.stdout()).resolve("_metadata")).isRegularFile();
        assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).name()).isEqualTo("RUNNING");
    }

    @Test
    @Order(3)
    void latestCheckpointFindsACheckpointOfTheRunningJob() throws Exception {
        Path checkpoints = work.resolve("checkpoints");
        TestPipelines.await(
                "a completed checkpoint",
                Duration.ofMinutes(1),
                () -> ops("latest-checkpoint", "--job", jobId).exit() == 0);
        Repository.Result r = ops("latest-checkpoint", "--job", jobId);
        Path chk = Path.of(r.stdout().strip());
        assertThat(chk.getParent()).isEqualTo(checkpoints.resolve(jobId));
        assertThat(chk.getFileName().toString()).matches("chk-\\d+");
    }

    @Test
    @Order(4)
    void errorsAreClearAndExitNonZero() throws Exception {
        Repository.Result unknown = ops("savepoint", "--job", "00000000000000000000000000000000");
        assertThat(unknown.exit()).as(unknown.all()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("job 00000000000000000000000000000000 not found at " + rest);

        Repository.Result unknownStop = ops("stop", "--job", "ffffffffffffffffffffffffffffffff");
        assertThat(unknownStop.exit()).as(unknownStop.all()).isEqualTo(1);
        assertThat(unknownStop.stderr()).contains("not found");

        Repository.Result badId = ops("stop", "--job", "my-job");
        assertThat(badId.exit()).as(badId.all()).isEqualTo(2);

        Repository.Result badDir = ops("savepoint", "--dir", "/proc/no-savepoints-here");
        assertThat(badDir.exit()).as(badDir.all()).isEqualTo(1);
        assertThat(badDir.stderr())
                .contains("the savepoint failed")
                .as("the root cause is shown")
                .contains("/proc/no-savepoints-here");

        // the local run is a one-job cluster: nothing can be submitted to it, and the commands say so
        Path jar = Files.createTempFile(work, "job", ".jar");
        Path savepoint = Files.createDirectories(work.resolve("a-savepoint"));
        Files.writeString(savepoint.resolve("_metadata"), "x");
        for (List<String> call : List.of(
                List.of("submit", "--jar", jar.toString()),
                List.of("resume", "--jar", jar.toString(), savepoint.toString()),
                List.of("rescale", "2", "--jar", jar.toString()))) {
            Repository.Result r = ops(call.toArray(String[]::new));
            assertThat(r.exit()).as(call + ": " + r.all()).isEqualTo(1);
            assertThat(r.stderr()).as(call + ": " + r.all()).contains("is the local run of ./run-local.sh");
        }
        Repository.Result incomplete = ops(
                "resume", "--jar", jar.toString(), work.resolve("savepoints").toString());
        assertThat(incomplete.exit()).as(incomplete.all()).isEqualTo(1);
        assertThat(incomplete.stderr()).contains("is not a complete savepoint or checkpoint (no _metadata in it)");
        assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).name())
                .as("nothing touched the job")
                .isEqualTo("RUNNING");
    }

    @Test
    @Order(5)
    void stopEndsTheJobWithASavepointAndTheLocalClusterWithIt() throws Exception {
        Repository.Result r = ops("stop");
        assertThat(r.exit()).as(r.all()).isZero();
        Path savepoint = localPath(r.stdout());
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        assertThat(savepoint.getFileName().toString()).startsWith("savepoint-" + jobId.substring(0, 6));
        assertThat(r.stderr()).containsAnyOf("is FINISHED", "shut down with it");

        JobExecutionResult result = job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        assertThat(result.getJobID())
                .as("the job ended normally (stop with savepoint: FINISHED)")
                .isEqualTo(job.getJobID());

        TestPipelines.await(
                "the local cluster to shut down with its job",
                Duration.ofMinutes(1),
                () -> !Repository.reachable(rest + "/overview"));
        Repository.Result gone = ops("jobs");
        assertThat(gone.exit()).as(gone.all()).isEqualTo(3);
        assertThat(gone.stderr()).contains("cannot reach Flink at " + rest);
    }
}
