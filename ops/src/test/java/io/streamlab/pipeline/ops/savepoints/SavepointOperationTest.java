package io.streamlab.pipeline.ops.savepoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.StubFlink;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run's cluster shuts down as soon as its job has stopped, sometimes before the stop's answer can
 * be read: the savepoint it wrote is then found in the savepoint directory.
 */
class SavepointOperationTest {
    static final String JOB = "dc3e9702d5152901a79b6d25de51089b";

    final OpsContext context =
            new OpsContext(new PrintStream(new ByteArrayOutputStream()), System.err, Map.of(), List.of());

    @Test
    void theSavepointWrittenJustBeforeTheClusterWentAwayIsReported(@TempDir Path dir) throws Exception {
        Instant triggered = Instant.now();
        savepoint(dir, "savepoint-dc3e97-000000000001", triggered.minusSeconds(3600)); // an older one
        Path written = savepoint(dir, "savepoint-dc3e97-000000000002", triggered.plusSeconds(2));
        savepoint(dir, "savepoint-aaaaaa-000000000003", triggered.plusSeconds(5)); // another job's

        SavepointOperation.Written location = SavepointOperation.await(
                context,
                gone(),
                JOB,
                "trigger",
                "stop with savepoint",
                dir.toUri().toString(),
                triggered);

        assertThat(location).isEqualTo(new SavepointOperation.Written(Snapshots.flinkUri(written), false));
    }

    @Test
    void withoutSuchASavepointTheFailureSaysWhereToLook(@TempDir Path dir) throws IOException {
        Instant triggered = Instant.now();
        savepoint(dir, "savepoint-dc3e97-000000000001", triggered.minusSeconds(3600));

        assertThatThrownBy(() -> SavepointOperation.await(
                        context, gone(), JOB, "trigger", "stop with savepoint", dir.toString(), triggered))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining("went away before reporting the stop with savepoint")
                .hasMessageContaining("look for the newest savepoint-dc3e97-* folder in " + dir);
    }

    /**
     * A connection dropped while the stop goes on is not a cluster gone: it counted as one at once, and a
     * rescale ended with its job stopping and nothing started again.
     */
    @Test
    void aDroppedConnectionWhileWaitingIsAskedAgain(@TempDir Path dir) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread flink = new Thread(() -> {
                try {
                    // three connections closed unanswered (the client retries a GET once), then the answer
                    for (int i = 0; i < 3; i++) {
                        server.accept().close();
                    }
                    while (true) {
                        try (java.net.Socket s = server.accept()) {
                            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                                    s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                                // the request's head
                            }
                            byte[] body =
                                    "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/sp/x\"}}"
                                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                            s.getOutputStream()
                                    .write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                                    + body.length + "\r\nConnection: close\r\n\r\n")
                                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            s.getOutputStream().write(body);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            flink.setDaemon(true);
            flink.start();
            FlinkRestClient rest = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getLocalPort()));

            SavepointOperation.Written location = SavepointOperation.await(
                    context, rest, JOB, "trigger", "stop with savepoint", dir.toString(), Instant.now());

            assertThat(location).isEqualTo(new SavepointOperation.Written("file:/sp/x", true));
        }
    }

    /** A stop that Flink reported is done whatever the job's state is seen as afterwards. */
    @Test
    void aStopFlinkReportedIsDoneEvenWhenTheClusterThenGoesAway() throws Exception {
        FlinkRestClient gone = gone();
        assertThat(StopCommand.awaitEnd(gone, JOB, new SavepointOperation.Written("file:/sp/x", true), false, SHORT))
                .isEqualTo("job " + JOB + " stopped; the cluster at " + gone.address() + " does not answer");
    }

    /**
     * A savepoint found on disk while the cluster did not answer: the job must be seen ended, or the local
     * run's cluster gone with it. A session cluster that stays away is no proof.
     */
    @Test
    void aSavepointFoundOnDiskNeedsTheJobSeenEnded() throws Exception {
        SavepointOperation.Written onDisk = new SavepointOperation.Written("file:/sp/x", false);

        assertThat(StopCommand.awaitEnd(gone(), JOB, onDisk, true, SHORT))
                .contains("shut down with it (a local run does)");
        assertThatThrownBy(() -> StopCommand.awaitEnd(gone(), JOB, onDisk, false, SHORT))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining("savepoint file:/sp/x of job " + JOB + " was written, but 1 s later the job is"
                        + " not seen ended (no answer")
                .hasMessageContaining("Nothing else was started");
        try (StubFlink flink = new StubFlink()
                .on("GET", "/jobs/" + JOB, 200, "{\"jid\":\"" + JOB + "\",\"state\":\"RUNNING\",\"vertices\":[]}")) {
            assertThatThrownBy(() -> StopCommand.awaitEnd(new FlinkRestClient(flink.uri()), JOB, onDisk, false, SHORT))
                    .isInstanceOf(OpsFailure.class)
                    .hasMessageContaining("the job is not seen ended (RUNNING)");
        }
    }

    static final java.time.Duration SHORT = java.time.Duration.ofSeconds(1);

    /** ops submit looks in savepoint.dir only: a stop with --dir elsewhere says how to resume it. */
    @Test
    void aSavepointIsInTheSavepointDirOrNot() {
        assertThat(StopCommand.underSavepointDir("file:/data/sp/savepoint-dc3e97-1", "/data/sp"))
                .isTrue();
        assertThat(StopCommand.underSavepointDir("file:///data/sp/savepoint-dc3e97-1", "file:/data/sp"))
                .isTrue();
        assertThat(StopCommand.underSavepointDir("file:/elsewhere/savepoint-dc3e97-1", "/data/sp"))
                .isFalse();
        assertThat(StopCommand.underSavepointDir("file:/data/sp2/savepoint-dc3e97-1", "/data/sp"))
                .isFalse();
        // a folder below it: neither ops submit nor the local run lists that
        assertThat(StopCommand.underSavepointDir("file:/data/sp/manual/savepoint-dc3e97-1", "/data/sp"))
                .isFalse();
        assertThat(StopCommand.underSavepointDir("s3://b/sp/savepoint-dc3e97-1", "s3://b/sp"))
                .isFalse();
    }

    @Test
    void relativeTargetDirectoriesAreMadeAbsoluteAndUrisKept() {
        assertThat(SavepointOperation.targetDirectory("sp"))
                .isEqualTo(Path.of("sp").toAbsolutePath().toString());
        assertThat(SavepointOperation.targetDirectory("file:///savepoints")).isEqualTo("file:///savepoints");
        assertThat(SavepointOperation.targetDirectory("s3://bucket/sp")).isEqualTo("s3://bucket/sp");
        assertThat(SavepointOperation.targetDirectory(null)).isNull();
    }

    private static FlinkRestClient gone() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new FlinkRestClient(URI.create("http://127.0.0.1:" + free.getLocalPort()));
        }
    }

    private static Path savepoint(Path dir, String name, Instant time) throws IOException {
        Path sp = Files.createDirectories(dir.resolve(name));
        Files.setLastModifiedTime(Files.writeString(sp.resolve("_metadata"), "x"), FileTime.from(time));
        return sp;
    }
}
