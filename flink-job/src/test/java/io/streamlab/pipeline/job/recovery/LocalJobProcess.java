package io.streamlab.pipeline.job.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.records.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local run as a child process, as {@code run-local.sh} starts it: {@code java -cp <job jar>:<provided
 * classpath> io.streamlab.pipeline.job.LocalRunner <flags>}, with its web UI (and REST API) on a free port.
 * Console output goes to {@code <name>.out} and the Flink log to {@code <name>-flink.log} in the work dir.
 *
 * <p>Needs the packaged module: {@code target/flink-job-*.jar} and {@code target/provided-classpath.txt}
 * (failsafe runs after {@code package}).
 */
final class LocalJobProcess implements AutoCloseable {
    private static final Pattern WEB_UI = Pattern.compile("Web UI: http://localhost:(\\d+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    private final Process process;
    private final Path out;
    private final Path log;
    private int port = -1;
    private String jobId;

    private LocalJobProcess(String name, Process process, Path out, Path log) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.log = log;
    }

    static LocalJobProcess start(Path work, String name, List<String> flags) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Path classpathFile = target.resolve("provided-classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw new AssertionError(classpathFile + " is missing: run `mvn package` (failsafe runs after it)");
        }
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("flink-job-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("shaded"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No job jar in " + target + ": run `mvn package`"));
        }
        Path out = work.resolve(name + ".out");
        Path log = work.resolve(name + "-flink.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.StatusLogger.level=ERROR",
                "-DlogFile=" + log));
        Path logConfig =
                Path.of("..", "conf", "log4j2-local.xml").toAbsolutePath().normalize();
        if (Files.isRegularFile(logConfig)) {
            command.add("-Dlog4j.configurationFile=" + logConfig);
        }
        command.addAll(List.of(
                "-cp", jar + ":" + Files.readString(classpathFile).trim(), "io.streamlab.pipeline.job.LocalRunner"));
        command.addAll(flags);
        command.addAll(List.of("--local.web-ui.port", Integer.toString(freePort())));
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        return new LocalJobProcess(name, process, out, log);
    }

    /** Waits until the job runs on the child's cluster; returns its id. */
    String awaitRunning(Duration timeout) throws InterruptedException {
        TestPipelines.await(name + ": the web UI port in the console output", timeout, () -> {
            checkAlive();
            Matcher m = WEB_UI.matcher(console());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        TestPipelines.await(name + ": a RUNNING job on the REST API", timeout, () -> {
            checkAlive();
            JsonNode jobs = getOrNull("/jobs");
            if (jobs == null) {
                return false;
            }
            for (JsonNode job : jobs.path("jobs")) {
                if ("RUNNING".equals(job.path("status").asText())) {
                    jobId = job.path("id").asText();
                    return true;
                }
            }
            return false;
        });
        return jobId;
    }

    /** {@code latest.restored} of the job's checkpoint statistics (the web UI's "Latest Restore"), or a missing node. */
    JsonNode latestRestore() {
        JsonNode checkpoints = getOrNull("/jobs/" + jobId + "/checkpoints");
        return checkpoints == null
                ? Json.MAPPER.missingNode()
                : checkpoints.path("latest").path("restored");
    }

    /** What {@code ops stop --drain} does: POST /jobs/:id/stop with drain, then poll the operation. */
    String stopWithDrain(Path savepointDir, Duration timeout) throws Exception {
        String body = Json.MAPPER.writeValueAsString(Json.MAPPER
                .createObjectNode()
                .put("drain", true)
                .put("targetDirectory", savepointDir.toUri().toString())
                .put("formatType", "CANONICAL"));
        HttpResponse<String> posted = HTTP.send(
                HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() / 100 != 2) {
            throw new AssertionError(name + ": stop answered " + posted.statusCode() + ": " + posted.body());
        }
        String trigger = Json.MAPPER.readTree(posted.body()).path("request-id").asText();
        String[] location = new String[1];
        TestPipelines.await(name + ": the stop-with-savepoint operation", timeout, () -> {
            JsonNode status = getOrNull("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status == null
                    || !"COMPLETED".equals(status.path("status").path("id").asText())) {
                return false;
            }
            JsonNode operation = status.path("operation");
            if (operation.has("failure-cause")) {
                throw new AssertionError(name + ": stop with savepoint failed: " + operation.path("failure-cause"));
            }
            location[0] = operation.path("location").asText();
            return true;
        });
        return location[0];
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. Returns the exit code (137). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still alive 60 s after SIGKILL");
        }
        return process.exitValue();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s:\n" + tail());
        }
        return process.exitValue();
    }

    String console() {
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the console output and of the Flink log, for a failure message. */
    String tail() {
        return "--- " + out + "\n" + lastLines(out, 30) + "\n--- " + log + "\n" + lastLines(log, 60);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    private JsonNode getOrNull(String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String lastLines(Path file, int n) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
