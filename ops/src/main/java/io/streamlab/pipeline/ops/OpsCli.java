package io.streamlab.pipeline.ops;

import io.streamlab.pipeline.cli.ToolCommandLine;
import io.streamlab.pipeline.cli.UsageErrors;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.files.IoErrors;
import io.streamlab.pipeline.flinkrest.FlinkRestException;
import io.streamlab.pipeline.flinkrest.FlinkUnexpectedAnswerException;
import io.streamlab.pipeline.flinkrest.FlinkUnreachableException;
import io.streamlab.pipeline.ops.jobs.JobsCommand;
import io.streamlab.pipeline.ops.local.LocalCommand;
import io.streamlab.pipeline.ops.savepoints.SavepointCommand;
import io.streamlab.pipeline.ops.savepoints.StopCommand;
import io.streamlab.pipeline.ops.snapshots.LatestCheckpointCommand;
import io.streamlab.pipeline.ops.snapshots.PruneCommand;
import io.streamlab.pipeline.ops.submit.RescaleCommand;
import io.streamlab.pipeline.ops.submit.ResumeCommand;
import io.streamlab.pipeline.ops.submit.SubmitCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ops}: the pipeline's operations, through Flink's REST API ({@code ops.flink-rest}) and the
 * deployment's snapshot directories, and the whole local run ({@code ops local}, what run-local.sh runs).
 *
 * <p>Everything after {@code --} is configuration ({@code --key value}, the keys of
 * conf/pipeline.properties); for the commands that start the job it is also the job's own flags, so the
 * job and the command read the same configuration.
 */
@Command(
        name = "ops",
        mixinStandardHelpOptions = true,
        versionProvider = OpsCli.Version.class,
        description = "Operations of the pipeline on a Flink cluster (REST API at ops.flink-rest), and the local run.",
        subcommands = {
            JobsCommand.class,
            SubmitCommand.class,
            SavepointCommand.class,
            StopCommand.class,
            ResumeCommand.class,
            RescaleCommand.class,
            LatestCheckpointCommand.class,
            PruneCommand.class,
            LocalCommand.class
        },
        footer = OpsCli.FOOTER)
public final class OpsCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    /** The end of every command's help: configuration and exit codes. */
    public static final String FOOTER = "%nConfiguration: conf/pipeline.properties, then environment variables "
            + "(OPS_FLINK_REST, OPS_TIMEOUT, CHECKPOINT_DIR, ...), then flags after --, e.g. "
            + "-- --ops.flink-rest http://jobmanager:8081 --checkpoint.dir file:///flink-data/checkpoints%n"
            + "Exit codes: 0 done, 1 failed (refused, unknown job, failed savepoint or job), 2 usage or "
            + "configuration error, 3 Flink cannot be reached (or something else answers at ops.flink-rest).";

    private final OpsContext context;

    @Spec
    CommandSpec spec;

    OpsCli(OpsContext context) {
        this.context = context;
    }

    public OpsContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command as {@code main} would, without exiting; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        int dashes = Arrays.asList(args).indexOf("--");
        String[] command = dashes < 0 ? args : Arrays.copyOfRange(args, 0, dashes);
        List<String> configFlags = dashes < 0 ? List.of() : List.of(Arrays.copyOfRange(args, dashes + 1, args.length));
        OpsContext context = new OpsContext(out, err, env, configFlags);
        CommandLine cli = new CommandLine(new OpsCli(context), new ContextFactory(context));
        cli.setUsageHelpWidth(100);
        // a command's header is its line in `ops --help`; its own help starts with the usage line
        List<String> sections = new ArrayList<>(cli.getHelpSectionKeys());
        sections.removeAll(List.of(
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
        cli.setHelpSectionKeys(sections);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, ignored) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            String message = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    ? unmatched(e.getCommandLine().getCommandSpec(), unmatched.getUnmatched())
                    // picocli quotes the value it could not take: a URL with a password given in its place too
                    : RawConfig.withoutCredentials(e.getMessage());
            err.println(name + ": " + message + " (see " + name + " --help)");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, ignored) -> {
            String name = commandLine.getCommandSpec().qualifiedName();
            return report(name, e, context, err);
        });
        cli.setExecutionStrategy(parsed -> {
            parsed.asCommandLineList().forEach(ToolCommandLine::refuseBlankValues);
            return new CommandLine.RunLast().execute(parsed);
        });
        Optional<CommandLine.ParameterException> missingValue = ToolCommandLine.flagWithoutItsValue(cli, command);
        if (missingValue.isPresent()) {
            return ToolCommandLine.usageError(missingValue.get(), command);
        }
        return cli.execute(command);
    }

    /**
     * The first unmatched argument, named without its value (picocli's own message quotes them all, and
     * the value of a configuration flag may be a secret). Configuration flags go after '--' here.
     */
    private static String unmatched(CommandSpec command, List<String> unmatched) {
        String flag = unmatched.get(0).split("=", 2)[0];
        if (flag.startsWith("--") && RawConfig.defaults().isKnown(flag.substring(2))) {
            return "configuration flag " + flag + " goes after '--': " + command.qualifiedName() + " -- " + flag
                    + " VALUE";
        }
        return UsageErrors.describe(command, unmatched);
    }

    private static int report(String command, Exception e, OpsContext context, PrintStream err) {
        if (e instanceof ConfigException) {
            err.println(command + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        if (e instanceof FlinkUnreachableException) {
            err.println(command + ": " + e.getMessage()
                    + " (is the cluster up? docker compose up -d, or ./run-local.sh; else set ops.flink-rest,"
                    + " e.g. OPS_FLINK_REST=http://host:8081)");
            return EXIT_UNREACHABLE;
        }
        if (e instanceof FlinkUnexpectedAnswerException) {
            // something else answers there (another server, a proxy's page): as if Flink could not be reached
            err.println(command + ": " + e.getMessage()
                    + " (is ops.flink-rest the address of Flink's REST API? e.g. OPS_FLINK_REST=http://host:8081)");
            return EXIT_UNREACHABLE;
        }
        if (e instanceof OpsFailure || e instanceof FlinkRestException) {
            err.println(command + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            // a snapshot or output folder the file system refuses: its path and why, not a stack trace
            err.println(command + ": " + fileProblem(e));
            return EXIT_FAILED;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted");
            return EXIT_FAILED;
        }
        err.println(command + ": unexpected error: " + e);
        e.printStackTrace(err);
        return EXIT_FAILED;
    }

    private static String fileProblem(Exception e) {
        IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        if (e instanceof UncheckedIOException
                && e.getMessage() != null
                && !e.getMessage().equals(String.valueOf(io))) {
            return e.getMessage() + (e.getMessage().endsWith(IoErrors.reason(io)) ? "" : ": " + IoErrors.reason(io));
        }
        if (io instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + ": " + IoErrors.reason(io);
        }
        return IoErrors.reason(io);
    }

    /** Gives every command the context (streams, environment, configuration flags) of this run. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final OpsContext context;

        ContextFactory(OpsContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(OpsContext.class).newInstance(context);
            } catch (NoSuchMethodException noContext) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** The version of the build (the jar's manifest), for {@code ops --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OpsCli.class.getPackage().getImplementationVersion();
            return new String[] {"ops " + (version == null ? "(development build)" : version)};
        }
    }
}
