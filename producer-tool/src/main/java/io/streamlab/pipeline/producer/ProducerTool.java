package io.streamlab.pipeline.producer;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.cli.UsageException;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.producer.bench.BenchCommand;
import io.streamlab.pipeline.producer.broker.BrokerCommand;
import io.streamlab.pipeline.producer.tickets.TicketsCommand;
import io.streamlab.pipeline.producer.topics.TopicsCommand;
import io.streamlab.pipeline.producer.tracks.TracksCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The producer-tool CLI: {@code broker}, {@code topics}, {@code tracks}, {@code tickets}, {@code bench}.
 *
 * <p>Exit codes: 0 done (also "nothing to publish"), 1 the run failed (Kafka unreachable, a port
 * taken, sends failing after every retry), 2 a usage error (bad flag or value, missing or malformed
 * input file, bad configuration), 130 stopped by Ctrl+C / SIGTERM before everything was sent.
 */
public final class ProducerTool {
    public static final String NAME = "producer-tool";
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("broker", new BrokerCommand());
        COMMANDS.put("topics", new TopicsCommand());
        COMMANDS.put("tracks", new TracksCommand());
        COMMANDS.put("tickets", new TicketsCommand());
        COMMANDS.put("bench", new BenchCommand());
    }

    private ProducerTool() {}

    public static void main(String[] args) {
        StopSignal stop = new StopSignal();
        JvmShutdown shutdown = JvmShutdown.install(stop);
        int code = run(args, System.out, System.err, System.getenv(), stop, System.console() != null);
        shutdown.exit(code);
    }

    /** Runs one command as {@code main} would, without exiting and without a terminal; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, new StopSignal(), false);
    }

    /** As above, with a stop signal (Ctrl+C in main, a test's trigger otherwise). */
    public static int run(
            String[] args,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            StopSignal stop,
            boolean terminal) {
        Console console = new Console(out, err, terminal);
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? new Console(err, err, false) : console).print(usage());
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        String name = args[0];
        Command command = COMMANDS.get(name);
        if (command == null) {
            console.error("producer-tool: unknown command '" + name + "' (commands: "
                    + String.join(", ", COMMANDS.keySet()) + "; see producer-tool --help)");
            return EXIT_USAGE;
        }
        try {
            Args parsed = Args.parse(command.spec(), Arrays.copyOfRange(args, 1, args.length));
            if (parsed.help()) {
                console.print(command.spec().usage());
                return EXIT_OK;
            }
            return command.run(parsed, new Context(console, env, stop));
        } catch (UsageException e) {
            console.error("producer-tool " + name + ": " + e.getMessage());
            return EXIT_USAGE;
        } catch (ToolFailure | ConfigException e) {
            console.error("producer-tool " + name + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            console.error("producer-tool " + name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.error("producer-tool " + name + ": interrupted");
            return EXIT_FAILURE;
        } catch (Exception e) {
            console.error("producer-tool " + name + ": unexpected error: " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder(
                "Usage: producer-tool COMMAND [flags]   (producer-tool COMMAND --help for its flags)\n\n");
        sb.append("Commands:\n");
        COMMANDS.forEach((n, c) -> sb.append(String.format(
                "  %-8s %s%n", n, c.spec().summary().lines().findFirst().orElse(""))));
        sb.append("\nExit codes: 0 done, 1 failed, 2 usage error, 130 stopped before everything was sent.\n");
        return sb.toString();
    }
}
