package io.streamlab.pipeline.flinkrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against a stub JobManager answering what Flink 2.2 answers. */
class FlinkRestClientTest {
    static final String JOB = "dc3e9702d5152901a79b6d25de51089b";
    static final ObjectMapper JSON = new ObjectMapper();

    final StubFlink flink = new StubFlink();
    final FlinkRestClient client = new FlinkRestClient(flink.uri());

    @AfterEach
    void stop() {
        flink.close();
    }

    @Test
    void listsJobsWithTheirStateAndTellsWhichHaveEnded() throws Exception {
        flink.on("GET", "/jobs/overview", 200, """
                {"jobs":[{"jid":"dc3e9702d5152901a79b6d25de51089b","name":"spotify-tickets-pipeline",
                  "start-time":1795537687659,"end-time":-1,"duration":5000,"state":"RESTARTING",
                  "last-modification":1,"tasks":{"running":21,"total":21}},
                 {"jid":"071d0b46c39cc7cda35e7bd7adabe750","name":"spotify-tickets-pipeline",
                  "start-time":1795537666000,"end-time":1795537686000,"duration":20000,"state":"FINISHED"},
                 {"jid":"171d0b46c39cc7cda35e7bd7adabe750","name":"other","start-time":1,"end-time":-1,
                  "duration":1,"state":"RUNNING"}]}
                """);

        List<FlinkRestClient.Job> jobs = client.jobs();

        assertThat(jobs)
                .extracting(FlinkRestClient.Job::id, FlinkRestClient.Job::state, FlinkRestClient.Job::ended)
                .containsExactly(
                        tuple(JOB, "RESTARTING", false),
                        tuple("071d0b46c39cc7cda35e7bd7adabe750", "FINISHED", true),
                        tuple("171d0b46c39cc7cda35e7bd7adabe750", "RUNNING", false));
        assertThat(jobs.get(0).startTime()).isEqualTo(1795537687659L);
        assertThat(client.jobsNotEnded("spotify-tickets-pipeline"))
                .extracting(FlinkRestClient.Job::id)
                .containsExactly(JOB);
    }

    @Test
    void jobDetailsTellWhetherEveryTaskRuns() throws Exception {
        flink.on("GET", "/jobs/" + JOB, 200, details("RUNNING", "{\"RUNNING\":3,\"DEPLOYING\":1,\"CREATED\":0}"))
                .on("GET", "/jobs/" + JOB, 200, details("RUNNING", "{\"RUNNING\":4,\"DEPLOYING\":0,\"CREATED\":0}"));

        FlinkRestClient.JobDetails deploying = client.job(JOB);
        assertThat(deploying.everyTaskRunning()).isFalse();
        assertThat(deploying.maxParallelism()).isEqualTo(3);
        assertThat(client.job(JOB).everyTaskRunning()).isTrue();
    }

    @Test
    void anUnknownJobIsJobNotFoundWithFlinksMessage() {
        flink.on("GET", "/jobs/" + JOB, 404, """
                {"errors":["org.apache.flink.runtime.rest.NotFoundException: Job dc3e not found\\n\\tat x.y(Z.java:9)\\n\
                Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (dc3e)\\n\\tat q\\n"]}
                """);

        assertThatThrownBy(() -> client.job(JOB))
                .isInstanceOf(JobNotFoundException.class)
                .hasMessage("org.apache.flink.runtime.rest.NotFoundException: Job dc3e not found\n"
                        + "Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: "
                        + "Could not find Flink job (dc3e)");
    }

    @Test
    void aDrainWaitsForACheckpointTakenAfterTheRestore() throws Exception {
        String path = "/jobs/" + JOB + "/checkpoints";
        flink.on("GET", path, 200, "{\"latest\":{\"completed\":null,\"restored\":null}}")
                .on("GET", path, 200, "{\"latest\":{\"completed\":null,\"restored\":{\"id\":7}}}")
                .on("GET", path, 200, "{\"latest\":{\"completed\":{\"id\":7},\"restored\":{\"id\":7}}}")
                .on("GET", path, 200, "{\"latest\":{\"completed\":{\"id\":8},\"restored\":{\"id\":7}}}")
                .on("POST", path, 202, "{\"request-id\":\"cp-1\"}");

        assertThat(client.checkpointedSinceRestore(JOB)).as("never restored").isTrue();
        assertThat(client.checkpointedSinceRestore(JOB))
                .as("restored, nothing since")
                .isFalse();
        assertThat(client.checkpointedSinceRestore(JOB))
                .as("only the restored one")
                .isFalse();
        assertThat(client.checkpointedSinceRestore(JOB))
                .as("one after the restore")
                .isTrue();

        assertThat(client.triggerCheckpoint(JOB)).isEqualTo("cp-1");
        assertThat(flink.requests("POST", path).get(0).bodyText()).contains("\"checkpointType\":\"FULL\"");
    }

    @Test
    void aSavepointIsTriggeredThenFollowedUntilItCompletes() throws Exception {
        flink.on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"trigger-1\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/trigger-1", 200, "{\"status\":{\"id\":\"IN_PROGRESS\"}}")
                .on("GET", "/jobs/" + JOB + "/savepoints/trigger-1", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/savepoints/savepoint-dc3e97-4e10a9b8fbb6"}}
                        """);

        String trigger = client.triggerSavepoint(JOB, "file:///tmp/here");

        assertThat(trigger).isEqualTo("trigger-1");
        JsonNode body = JSON.readTree(
                flink.requests("POST", "/jobs/" + JOB + "/savepoints").get(0).bodyText());
        assertThat(body.get("cancel-job").asBoolean()).isFalse();
        assertThat(body.get("target-directory").asText()).isEqualTo("file:///tmp/here");
        assertThat(body.get("formatType").asText()).isEqualTo("CANONICAL");
        assertThat(client.savepointStatus(JOB, trigger).completed()).isFalse();
        FlinkRestClient.SavepointStatus done = client.savepointStatus(JOB, trigger);
        assertThat(done.completed()).isTrue();
        assertThat(done.failure()).isNull();
        assertThat(done.location()).isEqualTo("file:/savepoints/savepoint-dc3e97-4e10a9b8fbb6");
    }

    @Test
    void aFailedSavepointReportsItsRootCause() throws Exception {
        flink.on("GET", "/jobs/" + JOB + "/savepoints/t", 200, """
                {"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"class":"x","stack-trace":
                "java.util.concurrent.CompletionException: boom\\n\\tat a.b(C.java:1)\\nCaused by: java.io.IOException: \
                Failed to create savepoint directory at /proc/nope\\n\\tat d.e(F.java:2)\\n\\t... 3 more\\n"}}}
                """);

        FlinkRestClient.SavepointStatus failed = client.savepointStatus(JOB, "t");

        assertThat(failed.completed()).isTrue();
        assertThat(failed.location()).isNull();
        assertThat(failed.failure())
                .isEqualTo("java.util.concurrent.CompletionException: boom\n"
                        + "Caused by: java.io.IOException: Failed to create savepoint directory at /proc/nope");
    }

    @Test
    void stopSendsDrainAndTheTargetDirectory() throws Exception {
        flink.on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"stop-1\"}");

        assertThat(client.triggerStop(JOB, true, null)).isEqualTo("stop-1");
        assertThat(client.triggerStop(JOB, false, "/sp")).isEqualTo("stop-1");

        List<StubFlink.Request> stops = flink.requests("POST", "/jobs/" + JOB + "/stop");
        JsonNode drained = JSON.readTree(stops.get(0).bodyText());
        assertThat(drained.get("drain").asBoolean()).isTrue();
        assertThat(drained.has("targetDirectory")).isFalse();
        JsonNode targeted = JSON.readTree(stops.get(1).bodyText());
        assertThat(targeted.get("drain").asBoolean()).isFalse();
        assertThat(targeted.get("targetDirectory").asText()).isEqualTo("/sp");
    }

    /** What Flink's FileUploadHandler decodes: a "request" attribute naming the files, then each file by name. */
    @Test
    void submitPostsTheJobGraphAndTheJarsAsOneMultipartRequest(@TempDir Path dir) throws Exception {
        Path graph = Files.write(dir.resolve("job-graph.bin"), new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1, 2});
        Path jar = Files.writeString(dir.resolve("flink-job-1.0.jar"), "PK-jar-bytes");
        flink.on("POST", "/jobs", 202, "{\"jobUrl\":\"/jobs/" + JOB + "\"}");

        String id = client.submit(graph, List.of(jar));

        assertThat(id).isEqualTo(JOB);
        StubFlink.Request post = flink.requests("POST", "/jobs").get(0);
        Matcher boundary = Pattern.compile("multipart/form-data; boundary=(.+)").matcher(post.header("Content-Type"));
        assertThat(boundary.matches()).isTrue();
        String[] parts = post.bodyText().split("--" + Pattern.quote(boundary.group(1)));
        assertThat(parts).hasSize(5); // preamble, request, jar, graph, closing "--\r\n"
        assertThat(parts[4]).isEqualTo("--\r\n");

        String request = parts[1];
        assertThat(request).contains("Content-Disposition: form-data; name=\"request\"\r\n");
        JsonNode body = JSON.readTree(request.substring(request.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("executionPlanFileName").asText()).isEqualTo("job-graph.bin");
        assertThat(body.get("jobJarFileNames")).extracting(JsonNode::asText).containsExactly("flink-job-1.0.jar");
        assertThat(body.get("jobArtifactFileNames")).isEmpty();

        assertThat(parts[2])
                .startsWith("\r\nContent-Disposition: form-data; name=\"file_0\"; filename=\"flink-job-1.0.jar\"\r\n"
                        + "Content-Type: application/x-java-archive\r\n\r\n")
                .endsWith("\r\nPK-jar-bytes\r\n");
        assertThat(parts[3])
                .startsWith("\r\nContent-Disposition: form-data; name=\"file_1\"; filename=\"job-graph.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n");
        byte[] graphBytes = parts[3].substring(parts[3].indexOf("\r\n\r\n") + 4, parts[3].length() - 2)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(graphBytes).isEqualTo(Files.readAllBytes(graph));
        assertThat(Integer.parseInt(post.header("Content-Length"))).isEqualTo(post.body().length);
    }

    @Test
    void aRefusedSubmissionCarriesFlinksReason(@TempDir Path dir) throws Exception {
        Path graph = Files.write(dir.resolve("g.bin"), new byte[] {1});
        flink.on("POST", "/jobs", 500, """
                {"errors":["Internal server error.","<Exception on server side:\\norg.apache.flink.runtime.client.\
                DuplicateJobSubmissionException: Job has already been submitted.\\n\\tat x\\n"]}
                """);

        assertThatThrownBy(() -> client.submit(graph, List.of()))
                .isInstanceOf(FlinkRestException.class)
                .hasMessageContaining("DuplicateJobSubmissionException: Job has already been submitted.")
                .satisfies(e -> assertThat(((FlinkRestException) e).status()).isEqualTo(500));
        assertThatThrownBy(() -> client.submit(dir.resolve("missing.bin"), List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.bin does not exist");
    }

    @Test
    void theLocalRunIsRecognisedByItsExecutionTarget() throws Exception {
        flink.on(
                        "GET",
                        "/jobmanager/config",
                        200,
                        "[{\"key\":\"rest.port\",\"value\":\"8081\"},"
                                + "{\"key\":\"execution.target\",\"value\":\"local\"}]")
                .on("GET", "/jobmanager/config", 200, "[{\"key\":\"rest.port\",\"value\":\"8081\"}]");

        assertThat(client.isLocalRun()).isTrue();
        assertThat(client.isLocalRun()).isFalse();
    }

    @Test
    void restoreSourceRootExceptionAndSlots() throws Exception {
        flink.on("GET", "/jobs/" + JOB + "/checkpoints", 200, """
                        {"latest":{"restored":{"id":7,"is_savepoint":true,"external_path":"file:/sp/savepoint-dc3e97-1"}}}
                        """)
                .on("GET", "/jobs/" + JOB + "/exceptions", 200, """
                        {"exceptionHistory":{"entries":[{"exceptionName":"x","stacktrace":
                        "org.apache.flink.runtime.JobException: Recovery is suppressed\\n\\tat a\\nCaused by: java.lang.IllegalStateException: \
                        Failed to rollback to checkpoint/savepoint\\n\\tat b\\n"}],"truncated":false}}
                        """)
                .on(
                        "GET",
                        "/overview",
                        200,
                        "{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":1,"
                                + "\"jobs-running\":1,\"flink-version\":\"2.2.1\"}");

        assertThat(client.restoredFrom(JOB)).contains("file:/sp/savepoint-dc3e97-1");
        assertThat(client.rootException(JOB))
                .contains("org.apache.flink.runtime.JobException: Recovery is suppressed\n"
                        + "Caused by: java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint");
        FlinkRestClient.ClusterOverview overview = client.overview();
        assertThat(overview.slotsTotal()).isEqualTo(4);
        assertThat(overview.taskManagers()).isEqualTo(2);
    }

    @Test
    void metricsAreReadByIdInOneRequest() throws Exception {
        String path = "/jobs/" + JOB + "/vertices/v1/metrics";
        flink.on("GET", path, 200, "[{\"id\":\"0.Validate_tracks.tracksParsed\"},{\"id\":\"0.numRecordsIn\"}]")
                .on("GET", path, 200, "[{\"id\":\"0.Validate_tracks.tracksParsed\",\"value\":\"1200.0\"}]");

        assertThat(client.vertexMetricIds(JOB, "v1"))
                .containsExactly("0.Validate_tracks.tracksParsed", "0.numRecordsIn");
        assertThat(client.vertexMetrics(JOB, "v1", List.of("0.Validate_tracks.tracksParsed", "0.numRecordsIn")))
                .containsEntry("0.Validate_tracks.tracksParsed", "1200.0");
        assertThat(flink.requests("GET", path).get(1).query())
                .isEqualTo("get=0.Validate_tracks.tracksParsed%2C0.numRecordsIn");
    }

    @Test
    void nothingListeningIsUnreachableNamingTheAddressWithoutItsPassword() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        FlinkRestClient nowhere = new FlinkRestClient(URI.create("http://ops:s3cret@127.0.0.1:" + port));

        assertThatThrownBy(nowhere::jobs)
                .isInstanceOf(FlinkUnreachableException.class)
                .hasMessage("cannot reach Flink at http://127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aQueryOfTheAddressIsNotShownEither() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        FlinkRestClient nowhere = new FlinkRestClient(URI.create("http://127.0.0.1:" + port + "/?token=T0KEN"));

        assertThatThrownBy(nowhere::jobs)
                .isInstanceOf(FlinkUnreachableException.class)
                .hasMessage("cannot reach Flink at http://127.0.0.1:" + port)
                .hasMessageNotContaining("T0KEN");
        assertThat(nowhere.address()).doesNotContain("T0KEN");
    }

    @Test
    void theUserAndPasswordOfTheAddressAreSentAsBasicAuthentication() throws Exception {
        flink.on("GET", "/jobs/overview", 200, "{\"jobs\":[]}");
        URI withUser = URI.create(flink.uri().toString().replace("http://", "http://ops:s3cret@"));

        new FlinkRestClient(withUser).jobs();
        client.jobs();

        // Java's HTTP client leaves a URL's user information out: a proxy in front of Flink refused everything
        assertThat(flink.requests("GET", "/jobs/overview"))
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Basic b3BzOnMzY3JldA==", null);
    }

    @Test
    void aJobListWithoutTheExpectedFieldsIsAnUnexpectedAnswerNamingTheAddress() {
        List<String> bodies = List.of("{}", "[]", "{\"jobs\":\"none\"}", "{\"jobs\":null}", "");
        bodies.forEach(body -> flink.on("GET", "/jobs/overview", 200, body));
        FlinkRestClient withPassword = new FlinkRestClient(
                URI.create("http://ops:s3cret@127.0.0.1:" + flink.uri().getPort()));

        for (String body : bodies) {
            assertThatThrownBy(withPassword::jobs)
                    .as(body)
                    .isInstanceOf(FlinkUnexpectedAnswerException.class)
                    .hasMessage("unexpected answer from " + flink.uri() + "/jobs/overview: no \"jobs\" list");
        }
    }

    @Test
    void everyAnswerLackingWhatFlinkAlwaysSendsIsAnUnexpectedAnswer(@TempDir Path dir) throws Exception {
        try (StubFlink empty = new StubFlink()) {
            String base = empty.uri().toString();
            for (String path : List.of(
                    "/jobs/overview",
                    "/jobs/" + JOB,
                    "/jobs/" + JOB + "/checkpoints",
                    "/jobs/" + JOB + "/savepoints/t",
                    "/jobs/" + JOB + "/vertices/v1/metrics",
                    "/overview",
                    "/jobmanager/config")) {
                empty.on("GET", path, 200, "{}");
            }
            for (String path : List.of(
                    "/jobs/" + JOB + "/checkpoints",
                    "/jobs/" + JOB + "/savepoints",
                    "/jobs/" + JOB + "/stop",
                    "/jobs")) {
                empty.on("POST", path, 202, "{}");
            }
            FlinkRestClient c = new FlinkRestClient(empty.uri());
            Path graph = Files.write(dir.resolve("g.bin"), new byte[] {1});
            List<ThrowingCall> calls = List.of(
                    c::jobs,
                    () -> c.job(JOB),
                    () -> c.restoredFrom(JOB),
                    () -> c.checkpointedSinceRestore(JOB),
                    () -> c.triggerCheckpoint(JOB),
                    () -> c.triggerSavepoint(JOB, null),
                    () -> c.triggerStop(JOB, false, null),
                    () -> c.savepointStatus(JOB, "t"),
                    c::overview,
                    c::isLocalRun,
                    () -> c.submit(graph, List.of()),
                    () -> c.vertexMetricIds(JOB, "v1"),
                    () -> c.vertexMetrics(JOB, "v1", List.of("a")));
            for (int i = 0; i < calls.size(); i++) {
                assertThatThrownBy(calls.get(i)::call)
                        .as("call %d", i)
                        .isInstanceOf(FlinkUnexpectedAnswerException.class)
                        .hasMessageStartingWith("unexpected answer from " + base + "/")
                        .hasMessageNotContaining("?get=");
            }
            // the exceptions of a job are optional in Flink's answer: none is no root cause
            empty.on("GET", "/jobs/" + JOB + "/exceptions", 200, "{}");
            assertThat(c.rootException(JOB)).isEmpty();
        }
    }

    @Test
    void fieldsOfTheWrongTypeOrMissingInsideTheAnswerAreUnexpectedAnswers() {
        flink.on("GET", "/jobs/overview", 200, "{\"jobs\":[{\"jid\":\"" + JOB + "\",\"state\":\"RUNNING\"}]}")
                .on("GET", "/jobs/overview", 200, "{\"jobs\":[\"" + JOB + "\"]}")
                .on("GET", "/jobs/" + JOB, 200, "{\"jid\":\"" + JOB + "\",\"state\":\"RUNNING\",\"vertices\":7}")
                .on("GET", "/overview", 200, "{\"taskmanagers\":\"two\",\"slots-total\":4}")
                .on("GET", "/jobmanager/config", 200, "[{\"value\":\"local\"}]")
                .on(
                        "GET",
                        "/jobs/" + JOB + "/savepoints/t",
                        200,
                        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{}}");

        assertThatThrownBy(client::jobs).hasMessageEndingWith("/jobs/overview: a job without jid, name or state");
        assertThatThrownBy(client::jobs).hasMessageEndingWith("/jobs/overview: a job of an unexpected shape");
        assertThatThrownBy(() -> client.job(JOB)).hasMessageEndingWith("/jobs/" + JOB + ": no \"vertices\" list");
        assertThatThrownBy(client::overview).isInstanceOf(FlinkUnexpectedAnswerException.class);
        assertThatThrownBy(client::isLocalRun)
                .hasMessageEndingWith("/jobmanager/config: an entry of the configuration without \"key\"");
        assertThatThrownBy(() -> client.savepointStatus(JOB, "t"))
                .hasMessageEndingWith(": a completed operation with neither location nor failure");
    }

    @Test
    void anHtmlPageIsAnUnexpectedAnswerInOneShortLine() {
        String page = "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head><title>Error response</title></head>\n<body>"
                + "<p>Nothing matches the given URI</p>\n".repeat(50) + "</body></html>\n";
        flink.on("GET", "/jobs/overview", 404, page)
                .on("GET", "/jobs/" + JOB, 404, page)
                .on("GET", "/overview", 200, page)
                .on("GET", "/jobmanager/config", 502, "Bad Gateway\nupstream down\n");

        assertThatThrownBy(client::jobs)
                .isInstanceOf(FlinkUnexpectedAnswerException.class)
                .hasMessage("unexpected answer from " + flink.uri()
                        + "/jobs/overview: HTTP 404, an HTML page (\"Error response\"), not JSON");
        assertThatThrownBy(() -> client.job(JOB))
                .isInstanceOf(FlinkUnexpectedAnswerException.class)
                .isNotInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(client::overview)
                .hasMessageEndingWith("/overview: an HTML page (\"Error response\"), not JSON");
        assertThatThrownBy(client::isLocalRun)
                .hasMessageEndingWith("/jobmanager/config: HTTP 502, not JSON: Bad Gateway upstream down");
    }

    @Test
    void anErrorWithoutFlinksErrorsShowsItsBodyOnOneShortLine() {
        flink.on("GET", "/jobs/overview", 500, "{\"message\":\"" + "x".repeat(1000) + "\",\n\"code\":1}");

        assertThatThrownBy(client::jobs)
                .isInstanceOf(FlinkRestException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("HTTP 500 {\"message\":\"xxx")
                        .doesNotContain("\n")
                        .hasSizeLessThan(220));
    }

    @FunctionalInterface
    interface ThrowingCall {
        Object call() throws Exception;
    }

    private static String details(String state, String counts) {
        return "{\"jid\":\"" + JOB + "\",\"name\":\"p\",\"state\":\"" + state + "\",\"vertices\":["
                + "{\"id\":\"a\",\"name\":\"Source\",\"parallelism\":2},{\"id\":\"b\",\"name\":\"Sink\",\"parallelism\":3}],"
                + "\"status-counts\":" + counts + "}";
    }
}
