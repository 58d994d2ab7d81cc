package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.cli.ToolCommandLine;
import io.streamlab.pipeline.config.ConfigException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code insights} CLI: {@code report} writes the summary, CSV exports and HTML report of an output
 * directory; {@code watch} prints the live view of a running job. Defaults come from the pipeline's
 * configuration ({@code output.dir}, {@code local.web-ui.port}; {@code --config FILE}
 * and environment variables as for the job).
 *
 * <p>Exit codes: 0 done, 1 nothing to report on (missing output, nothing committed, files from an older
 * job), 2 usage error.
 */
@Command(
        name = InsightsCli.NAME,
        description = "The summary, CSV exports and HTML report of the job's output, and a live view of the job.",
        subcommands = {ReportCommand.class, WatchCommand.class, HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:nothing to report on (missing output, nothing committed, files from an older job): see the message",
            "2:usage error (bad flag or value, bad configuration)"
        })
public final class InsightsCli implements Callable<Integer> {
    public static final String NAME = "insights";
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    @Spec
    private CommandSpec spec;

    private InsightsCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Map<String, String> env() {
        return env;
    }

    /** No command: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command as {@code main} would, without exiting; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return ToolCommandLine.execute(
                ToolCommandLine.create(new InsightsCli(out, err, env), out, err, err::println, failures(err)), args);
    }

    /** Why a report or a view could not be made: one line, never a stack trace. */
    private static IExecutionExceptionHandler failures(PrintStream err) {
        return (e, commandLine, parsed) -> {
            String command = commandLine.getCommandSpec().qualifiedName() + ": ";
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return EXIT_OK;
            }
            if (e instanceof ConfigException) {
                err.println(command + e.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof InsightsException || e instanceof UncheckedIOException) {
                err.println(command + e.getMessage());
                return EXIT_FAILURE;
            }
            if (e instanceof IllegalStateException) {
                // DuckDB refusing a file (a damaged or foreign .parquet): its message names the file
                err.println(command + e.getMessage().lines().findFirst().orElse(""));
                return EXIT_FAILURE;
            }
            throw e;
        };
    }
}
