package io.streamlab.pipeline.job.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operations scripts without a cluster: syntax, help, usage errors, an unreachable cluster, JSON reading. */
class OpsScriptsTest {
    static final List<String> COMMANDS = List.of(
            "jobs.sh", "submit.sh", "savepoint.sh", "stop.sh", "resume.sh", "rescale.sh", "latest-checkpoint.sh");
    static final String JOB = "0123456789abcdef0123456789abcdef";

    @Test
    void everyScriptIsValidBashAndExecutable() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(Ops.root().resolve("savepoints"))) {
            scripts = s.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
        assertEquals(COMMANDS.size() + 1, scripts.size(), "the commands and _common.sh: " + scripts);
        for (Path script : scripts) {
            Ops.Result r =
                    Ops.run(Ops.root(), Map.of(), Duration.ofSeconds(20), List.of("bash", "-n", script.toString()));
            assertEquals(0, r.exit(), script + ": " + r.all());
            if (!script.getFileName().toString().startsWith("_")) {
                assertTrue(Files.isExecutable(script), script + " is executable");
                assertTrue(Files.readString(script).contains("set -euo pipefail"), script + " stops on errors");
            }
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : COMMANDS) {
            Ops.Result r = Ops.script(Map.of(), c, "--help");
            assertEquals(0, r.exit(), c + ": " + r.all());
            assertTrue(r.stdout().startsWith("Usage: savepoints/" + c), c + ": " + r.all());
            assertTrue(r.stdout().contains("Exit codes"), c + " documents its exit codes");
        }
    }

    @Test
    void usageErrorsExitWith2() throws IOException {
        Path jar = Files.createTempFile("job", ".jar");
        List<List<String>> calls = List.of(
                List.of("jobs.sh", "--bogus"),
                List.of("savepoint.sh"),
                List.of("savepoint.sh", "not-a-job-id"),
                List.of("savepoint.sh", JOB, "dir", "extra"),
                List.of("stop.sh"),
                List.of("stop.sh", "--now", JOB),
                List.of("submit.sh"),
                List.of("submit.sh", "--parallelism", "zero", jar.toString()),
                List.of("resume.sh", jar.toString()),
                List.of("rescale.sh", JOB, "2"),
                List.of("rescale.sh", JOB, "many", jar.toString()),
                List.of("latest-checkpoint.sh", "--job", "nope"));
        for (List<String> call : calls) {
            Ops.Result r = Ops.script(
                    Map.of(), call.get(0), call.subList(1, call.size()).toArray(String[]::new));
            assertEquals(2, r.exit(), call + ": " + r.all());
            assertTrue(r.stderr().contains("--help") || r.stderr().contains("job id"), call + ": " + r.all());
        }
        Ops.Result bogusTool = Ops.script(Map.of("OPS_JSON_TOOL", "xml"), "jobs.sh");
        assertEquals(2, bogusTool.exit(), bogusTool.all());
    }

    @Test
    void anUnreachableClusterIsReportedClearly() throws IOException {
        String rest = "http://127.0.0.1:" + Ops.freePort();
        Path jar = Files.createTempFile("job", ".jar");
        List<List<String>> calls = List.of(
                List.of("jobs.sh"),
                List.of("savepoint.sh", JOB),
                List.of("stop.sh", JOB),
                List.of("submit.sh", jar.toString()),
                List.of("resume.sh", jar.toString(), "file:///savepoints/savepoint-012345-0123456789ab"),
                List.of("rescale.sh", JOB, "2", jar.toString()));
        for (List<String> call : calls) {
            Ops.Result r = Ops.script(
                    Map.of("FLINK_REST", rest),
                    call.get(0),
                    call.subList(1, call.size()).toArray(String[]::new));
            assertEquals(3, r.exit(), call + ": " + r.all());
            assertTrue(r.stderr().contains("cannot reach Flink at " + rest), call + ": " + r.all());
        }
        Ops.Result defaultAddress = Ops.script(Map.of("FLINK_REST", ""), "jobs.sh", "--help");
        assertTrue(defaultAddress.stdout().contains("http://localhost:8081"), defaultAddress.all());
    }

    @Test
    void aMissingJarIsReportedBeforeAnythingElse() {
        Ops.Result r =
                Ops.script(Map.of("FLINK_REST", "http://127.0.0.1:" + Ops.freePort()), "submit.sh", "no/such.jar");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.stderr().contains("no jar at no/such.jar (build it: ./mvnw -B package -DskipTests)"), r.all());
    }

    @Test
    void latestCheckpointFindsTheNewestCompleteCheckpoint(@TempDir Path dir) throws IOException {
        String jobA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        String jobB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        Instant now = Instant.now();
        Path a3 = checkpoint(dir, jobA, 3, now.minusSeconds(300));
        Path b6 = checkpoint(dir, jobB, 6, now.minusSeconds(120));
        Path b7 = checkpoint(dir, jobB, 7, now.minusSeconds(60));
        Files.createDirectories(dir.resolve(jobB).resolve("chk-8")); // in progress: no _metadata yet
        Files.createDirectories(dir.resolve(jobB).resolve("shared"));

        Ops.Result newest = Ops.script(Map.of(), "latest-checkpoint.sh", dir.toString());
        assertEquals(0, newest.exit(), newest.all());
        assertEquals(b7.toString(), newest.stdout().trim());
        assertEquals(
                b7.toString(),
                Ops.script(Map.of(), "latest-checkpoint.sh", "file://" + dir)
                        .stdout()
                        .trim());
        assertEquals(
                a3.toString(),
                Ops.script(Map.of(), "latest-checkpoint.sh", "--job", jobA, dir.toString())
                        .stdout()
                        .trim());
        assertEquals(
                b7.toString(),
                Ops.script(Map.of(), "latest-checkpoint.sh", dir.resolve(jobB).toString())
                        .stdout()
                        .trim(),
                "a job's own folder");
        assertTrue(Files.exists(b6));

        Ops.Result none = Ops.script(
                Map.of(), "latest-checkpoint.sh", "--job", "cccccccccccccccccccccccccccccccc", dir.toString());
        assertEquals(1, none.exit(), none.all());
        assertTrue(none.stderr().contains("no complete checkpoint"), none.all());
        Ops.Result missing = Ops.script(
                Map.of(), "latest-checkpoint.sh", dir.resolve("nothing").toString());
        assertEquals(1, missing.exit(), missing.all());
        assertTrue(missing.stderr().contains("no checkpoint directory at"), missing.all());
    }

    private static Path checkpoint(Path dir, String job, int n, Instant time) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(time));
        return chk;
    }

    /** The three ways of reading JSON (jq, python3, a sed fallback) agree on Flink's answers. */
    @ParameterizedTest
    @ValueSource(strings = {"jq", "python3", "sed"})
    void everyJsonReaderUnderstandsFlinksAnswers(String tool) {
        Assumptions.assumeTrue(tool.equals("sed") || Ops.installed(tool), tool + " is not installed");
        String completed =
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/savepoints/savepoint-c6cf39-4e10a9b8fbb6\"}}";
        String failed =
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{\"class\":\"x\",\"stack-trace\":"
                        + "\"java.util.concurrent.CompletionException: boom\\n\\tat a.b(C.java:1)\\nCaused by: java.io.IOException: "
                        + "Failed to create savepoint directory at /proc/nope\\n\\tat d.e(F.java:2)\\n\\t... 3 more\\n\"}}}";
        String overview =
                "{\"jobs\":[{\"jid\":\"dc3e9702d5152901a79b6d25de51089b\",\"name\":\"spotify-tickets-pipeline\","
                        + "\"start-time\":1795537687659,\"end-time\":-1,\"duration\":5000,\"state\":\"RUNNING\",\"last-modification\":1,"
                        + "\"tasks\":{\"running\":21,\"total\":21}},{\"jid\":\"071d0b46c39cc7cda35e7bd7adabe750\",\"name\":\"old one\","
                        + "\"start-time\":1795537666000,\"end-time\":1795537686000,\"duration\":20000,\"state\":\"FINISHED\","
                        + "\"last-modification\":2,\"tasks\":{\"running\":0,\"total\":21}}]}";
        String config =
                "[{\"key\":\"rest.port\",\"value\":\"8081\"},{\"key\":\"execution.target\",\"value\":\"local\"}]";
        String notFound =
                "{\"errors\":[\"org.apache.flink.runtime.rest.NotFoundException: Job 0000 not found\\n\\tat x.y(Z.java:9)\\n"
                        + "Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (0000)\\n\\tat q\\n\"]}";

        assertEquals("COMPLETED", json(tool, completed, "json_get status.id"));
        assertEquals(
                "file:/savepoints/savepoint-c6cf39-4e10a9b8fbb6", json(tool, completed, "json_get operation.location"));
        assertEquals("", json(tool, completed, "json_get operation.failure-cause.stack-trace"));
        assertEquals(
                "java.util.concurrent.CompletionException: boom\n"
                        + "Caused by: java.io.IOException: Failed to create savepoint directory at /proc/nope",
                json(tool, failed, "json_get operation.failure-cause.stack-trace | summarize_trace"));
        assertEquals(
                "dc3e9702d5152901a79b6d25de51089b\tRUNNING\t1795537687659\tspotify-tickets-pipeline\n"
                        + "071d0b46c39cc7cda35e7bd7adabe750\tFINISHED\t1795537666000\told one",
                json(tool, overview, "json_jobs"));
        assertEquals("local", json(tool, config, "json_config_value execution.target"));
        assertEquals(
                "org.apache.flink.runtime.rest.NotFoundException: Job 0000 not found\n"
                        + "Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (0000)",
                json(tool, notFound, "json_get errors.0 | summarize_trace"));
        assertEquals("\"a \\\"b\\\" \\\\ c\\nd\"", json(tool, "{}", "json_string \"$(printf 'a \"b\" \\\\ c\\nd')\""));
    }

    private static String json(String tool, String input, String pipeline) {
        List<String> command = new ArrayList<>(List.of(
                "bash", "-c", "set -euo pipefail; source savepoints/_common.sh; printf '%s' \"$INPUT\" | " + pipeline));
        Ops.Result r =
                Ops.run(Ops.root(), Map.of("OPS_JSON_TOOL", tool, "INPUT", input), Duration.ofSeconds(30), command);
        assertEquals(0, r.exit(), tool + " " + pipeline + ": " + r.all());
        return r.stdout().strip();
    }
}
