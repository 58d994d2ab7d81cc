package io.streamlab.pipeline.ops.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.StubFlink;
import io.streamlab.pipeline.ops.Installation;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Deployment;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What submit, resume and rescale check before anything is asked of the cluster: the job jar, the snapshot. */
class JobJarAndSnapshotChecksTest {
    final OpsContext context = new OpsContext(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()),
            Map.of(),
            List.of());

    @Test
    void aMissingBuiltJobJarIsNamedWithItsVersionAndTheWayOut(@TempDir Path root) {
        assertThatThrownBy(() -> Submission.jar(context, null, () -> new Installation(root)))
                .isInstanceOf(OpsFailure.class)
                .hasMessageNotContaining("<version>")
                .hasMessageMatching(java.util.regex.Pattern.quote(root.resolve("flink-job/target") + "/flink-job-")
                        + "\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\.jar is missing: build the jars first \\(./mvnw -B package"
                        + " -DskipTests\\), or pass --jar JAR \\(or set ops.job-jar\\)");
    }

    @Test
    void theBuiltJobJarIsFoundWithoutJar(@TempDir Path root) throws IOException {
        Path jar = Files.createDirectories(root.resolve("flink-job/target")).resolve("flink-job-9.9.9.jar");
        Files.writeString(jar, "PK");

        assertThat(Submission.jar(context, null, () -> new Installation(root))).isEqualTo(jar);
    }

    @Test
    void aLocalSnapshotMustBeAFolderWithMetadataOrThatMetadataFile(@TempDir Path dir) throws IOException {
        Path savepoint = Files.createDirectories(dir.resolve("savepoint-abcdef-0123"));
        Path metadata = Files.writeString(savepoint.resolve("_metadata"), "x");
        Path other = Files.writeString(dir.resolve("notes.txt"), "not a snapshot");

        assertThat(ResumeCommand.checkSnapshot(savepoint.toString())).isEqualTo(Snapshots.flinkUri(savepoint));
        assertThat(ResumeCommand.checkSnapshot(metadata.toString())).isEqualTo(Snapshots.flinkUri(metadata));
        assertThatThrownBy(() -> ResumeCommand.checkSnapshot(other.toString()))
                .isInstanceOf(OpsFailure.class)
                .hasMessageStartingWith(other + " is not a savepoint or checkpoint: it is a file");
        assertThatThrownBy(() -> ResumeCommand.checkSnapshot("file://" + other))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining("is not a savepoint or checkpoint");
        // not here: the JobManager's own path, passed on
        assertThat(ResumeCommand.checkSnapshot("/flink-data/savepoints/savepoint-abcdef-1"))
                .isEqualTo("/flink-data/savepoints/savepoint-abcdef-1");
    }

    @Test
    void submitDoesNotStartOverBesideAnotherDeploymentsSavepoint(@TempDir Path dir) throws Exception {
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--checkpoint.dir",
                        dir.resolve("checkpoints").toString(),
                        "--savepoint.dir",
                        dir.resolve("savepoints").toString()),
                Map.of());
        Submission submission = new Submission(context, "submit");
        try (StubFlink flink = new StubFlink().on("GET", "/jobs/overview", 200, "{\"jobs\":[]}")) {
            assertThat(submission.newestSnapshot(config, new FlinkRestClient(flink.uri())))
                    .isEmpty();
        }

        // the savepoint of the same job under its former name: job.name changed
        String formerName =
                new Deployment("the-former-name", config.faultTolerance().checkpointDir()).fingerprint();
        Path former = Files.createDirectories(dir.resolve("savepoints/savepoint-" + formerName + "-0123456789ab"));
        Files.writeString(former.resolve("_metadata"), "x");
        assertThatThrownBy(() -> submission.newestSnapshot(config, null))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining(former + " is a savepoint of another one: did job.name or checkpoint.dir change?")
                .hasMessageContaining("Resume it (--savepoint " + former)
                .hasMessageEndingWith("or pass --fresh to start over.");
    }

    @Test
    void theWaitForANewJobToRunAsksAgainAfterADroppedRequestOrAServerError() throws Exception {
        String job = "dc3e9702d5152901a79b6d25de51089b";
        String running = "{\"jid\":\"" + job + "\",\"name\":\"n\",\"state\":\"RUNNING\",\"vertices\":[],"
                + "\"status-counts\":{\"RUNNING\":1}}";
        PipelineConfig config = PipelineConfig.load(List.of(), Map.of());
        try (StubFlink flink = new StubFlink()
                .on("GET", "/jobs/" + job, 503, "<html>Service Unavailable</html>")
                .on("GET", "/jobs/" + job, StubFlink.DROP, "")
                .on("GET", "/jobs/" + job, 200, running)) {
            // until 2026-12-03 the first failed request ended the wait: "starting it again failed", with the
            // new job submitted and about to run
            new Submission(context, "submit").awaitRunning(new FlinkRestClient(flink.uri()), job, config);

            assertThat(flink.requests("GET", "/jobs/" + job)).hasSize(3);
        }
        // a job that ended is no "may still start": submit names it as ended
        try (StubFlink flink = new StubFlink()
                .on("GET", "/jobs/" + job, 200, running.replace("\"state\":\"RUNNING\"", "\"state\":\"FAILED\""))
                .on("GET", "/jobs/" + job + "/exceptions", 200, "{\"root-exception\":\"java.lang.Exception: boom\"}")) {
            assertThatThrownBy(() -> new Submission(context, "submit")
                            .awaitRunning(new FlinkRestClient(flink.uri()), job, config))
                    .isInstanceOf(Submission.JobEnded.class)
                    .hasMessageStartingWith("job " + job + " is FAILED");
        }
    }
}
