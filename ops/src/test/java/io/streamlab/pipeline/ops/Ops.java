package io.streamlab.pipeline.ops;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs one ops command in this JVM, as {@code java -jar ops.jar ...} would, and keeps what it printed. */
public record Ops(int exit, String stdout, String stderr) {
    public static Ops run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return new Ops(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The environment a command sees: the REST address, plus more {@code KEY, value} pairs. */
    public static Map<String, String> env(String flinkRest, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("OPS_FLINK_REST", flinkRest, "OPS_TIMEOUT", "20s"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    public String all() {
        return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }

    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }
}
