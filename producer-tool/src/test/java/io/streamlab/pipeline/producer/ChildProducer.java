package io.streamlab.pipeline.producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CLI in a JVM of its own (java -cp with the test classpath), so a test can signal it: SIGKILL or SIGTERM. */
final class ChildProducer implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildProducer(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static ChildProducer start(String... args) throws IOException {
        Path output = Files.createTempFile("producer-tool-child-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                ProducerTool.class.getName()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new ChildProducer(process, output);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no abort; returns the exit code (137). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the producer JVM did not die within 30 s");
        }
        return process.exitValue();
    }

    /** SIGTERM, what Ctrl+C and a service manager's stop send: the JVM's shutdown hook runs. Returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("the producer JVM did not stop within 90 s of SIGTERM");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
