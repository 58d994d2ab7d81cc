package io.streamlab.pipeline.producer;

import io.streamlab.pipeline.cli.ToolCommandLine;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.producer.bench.BenchCommand;
import io.streamlab.pipeline.producer.broker.BrokerCommand;
import io.streamlab.pipeline.producer.publish.PublishRun;
import io.streamlab.pipeline.producer.tickets.TicketsCommand;
import io.streamlab.pipeline.producer.topics.TopicsCommand;
import io.streamlab.pipeline.producer.tracks.TracksCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The producer-tool CLI: {@code broker}, {@code topics}, {@code tracks}, {@code tickets}, {@code bench}.
 *
 * <p>Exit codes: 0 done (also "nothing to publish"), 1 the run failed (Kafka unreachable, a port
 * taken, sends failing after every retry), 2 a usage error (bad flag or value, missing or malformed
 * input file, bad configuration), 130 stopped by Ctrl+C / SIGTERM before everything was sent.
 */
@Command(
        name = ProducerTool.NAME,
        description = "Runs a local Kafka broker, creates the pipeline's topics, publishes tracks and tickets.",
        subcommands = {
            BrokerCommand.class,
            TopicsCommand.class,
            TracksCommand.class,
            TicketsCommand.class,
            BenchCommand.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "  0:done (also \"nothing to publish\")",
            "  1:the run failed (Kafka unreachable, a port taken, sends failing after every retry)",
            "  2:usage error (bad flag or value, missing or malformed input file, bad configuration)",
            "130:stopped by Ctrl+C or SIGTERM before everything was sent"
        })
public final class ProducerTool implements Callable<Integer> {
    public static final String NAME = "producer-tool";
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private final Context context;

    @Spec
    private CommandSpec spec;

    private ProducerTool(Context context) {
        this.context = context;
    }

    /** What every command gets: where to print, the environment and the stop request. */
    public Context context() {
        return context;
    }

    /** No command: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

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
        CommandLine commandLine = ToolCommandLine.create(
                new ProducerTool(new Context(console, env, stop)), out, err, console::error, failures(console, err));
        return ToolCommandLine.execute(commandLine, args);
    }

    /** A command that failed while running: one ERROR line (a stack trace only for a bug), exit 1. */
    private static IExecutionExceptionHandler failures(Console console, PrintStream err) {
        return (e, commandLine, parsed) -> {
            String command = commandLine.getCommandSpec().qualifiedName() + ": ";
            if (e instanceof ToolFailure || e instanceof ConfigException) {
                console.error(command + e.getMessage());
            } else if (e instanceof IOException) {
                console.error(command + e.getClass().getSimpleName() + ": " + e.getMessage());
            } else if (e instanceof StoppedBeforeStart) {
                console.info(command + e.getMessage());
                return PublishRun.EXIT_INTERRUPTED;
            } else if (e instanceof InterruptedException) {
                // a stop asked for (Ctrl+C, SIGTERM) before publishing began: the exit code of any stop
                Thread.currentThread().interrupt();
                console.info(command + (e.getMessage() != null ? e.getMessage() : "stopped"));
                return PublishRun.EXIT_INTERRUPTED;
            } else {
                console.error(command + "unexpected error: " + e);
                e.printStackTrace(err);
            }
            return EXIT_FAILURE;
        };
    }
}
