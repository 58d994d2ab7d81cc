package io.streamlab.pipeline.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A command line run in this JVM, as its main() would run it, keeping what it printed. */
public final class InProcessCli {
    /** The shape of {@code OpsCli.run} and {@code ProducerTool.run}: arguments, streams, environment. */
    @FunctionalInterface
    public interface Main {
        int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env);
    }

    private InProcessCli() {}

    public static Repository.Result run(Main main, Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = main.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return new Repository.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
