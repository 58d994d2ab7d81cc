package io.streamlab.pipeline.producer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process, as {@code main} would, and captures what it prints. */
public final class Cli {

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private Cli() {}

    public static Result run(String... args) {
        return run(Map.of(), new StopSignal(), args);
    }

    public static Result run(Map<String, String> env, StopSignal stop, String... args) {
        return run(env, stop, new ByteArrayOutputStream(), args);
    }

    /** Runs the CLI with {@code err} receiving its stderr as it is written, for a test to watch. */
    public static Result run(Map<String, String> env, StopSignal stop, ByteArrayOutputStream err, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(env);
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ProducerTool.run(args, o, e, environment, stop, false);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
