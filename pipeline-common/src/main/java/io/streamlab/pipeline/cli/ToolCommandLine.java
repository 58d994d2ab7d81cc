package io.streamlab.pipeline.cli;

import io.streamlab.pipeline.config.RawConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of one of the project's tools, set up alike for all of them:
 *
 * <ul>
 *   <li>every command has {@code -h/--help} and {@code -V/--version}, a short synopsis, its flags in
 *       alphabetical order and the root command's exit codes;
 *   <li>a hidden {@code completion} command prints the bash completion script ({@link ShellCompletion});
 *   <li>a usage error is one line naming what is wrong, then the synopsis, exit 2 ({@link UsageErrors});
 *   <li>no flag takes an empty value, and {@link ConfigFlags} are checked before a command runs;
 *   <li>a flag given twice keeps its last value (as configuration flags always did);
 *   <li>help lists flags as {@code --port PORT}, the way they are written everywhere else
 *       ({@code --port=PORT} is accepted too).
 * </ul>
 */
public final class ToolCommandLine {
    private static final int HELP_WIDTH = 100;
    private static final int LONG_FLAG_WIDTH = 30;

    private ToolCommandLine() {}

    /**
     * @param tool the root {@code @Command}, whose subcommands are the tool's commands
     * @param printError prints the error line of a usage error
     * @param failures what a command that failed while running prints, and the exit code it returns
     */
    public static CommandLine create(
            Object tool,
            PrintStream out,
            PrintStream err,
            Consumer<String> printError,
            IExecutionExceptionHandler failures) {
        CommandLine commandLine = new CommandLine(tool);
        commandLine.addSubcommand(new ShellCompletion());
        UsageMessageSpec rootUsage = commandLine.getCommandSpec().usageMessage();
        ToolVersion version = new ToolVersion(commandLine.getCommandName());
        for (CommandLine command : everyCommand(commandLine)) {
            CommandSpec spec = command.getCommandSpec();
            if (!spec.optionsMap().containsKey("--help")) {
                spec.mixinStandardHelpOptions(true);
            }
            spec.versionProvider(version);
            spec.usageMessage()
                    .abbreviateSynopsis(true)
                    .descriptionHeading("%n")
                    .optionListHeading("%nFlags:%n")
                    .commandListHeading("%nCommands:%n");
            if (spec.usageMessage().exitCodeList().isEmpty()) {
                spec.usageMessage()
                        .exitCodeListHeading(rootUsage.exitCodeListHeading())
                        .exitCodeList(rootUsage.exitCodeList());
            }
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setUsageHelpWidth(HELP_WIDTH);
        commandLine.setUsageHelpLongOptionsMaxWidth(LONG_FLAG_WIDTH);
        commandLine.setOverwrittenOptionsAllowed(true);
        // no -abc for -a -b -c: a configuration value such as "-hunter2" was read as -h, help, and nothing ran
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setHelpFactory((spec, colors) -> new Help(spec, colors) {
            @Override
            public IParamLabelRenderer parameterLabelRenderer() {
                return new SpaceBeforeValue(super.parameterLabelRenderer());
            }
        });
        commandLine.setParameterExceptionHandler(new UsageErrors(printError));
        commandLine.setExecutionExceptionHandler(failures);
        commandLine.setExecutionStrategy(ToolCommandLine::execute);
        return commandLine;
    }

    private static List<CommandLine> everyCommand(CommandLine commandLine) {
        List<CommandLine> all = new ArrayList<>(List.of(commandLine));
        commandLine.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    /**
     * Runs the command line with each configuration key joined to its value ({@code --key -h} becomes
     * {@code --key=-h}): picocli matches a value that is exactly one of its flags (-h, -V, --help) as that
     * flag, so a secret "-h" printed the help and ran nothing. A value that starts with "--" is not joined
     * (the key is then missing its value, and says so), nor is anything after a literal "--".
     */
    public static int execute(CommandLine commandLine, String... args) {
        Optional<ParameterException> missingValue = flagWithoutItsValue(commandLine, args);
        if (missingValue.isPresent()) {
            return usageError(missingValue.get(), args);
        }
        RawConfig defaults = RawConfig.defaults();
        List<String> joined = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                joined.addAll(Arrays.asList(args).subList(i, args.length));
                break;
            }
            boolean configKey = arg.startsWith("--") && !arg.contains("=") && defaults.isKnown(arg.substring(2));
            if (configKey && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                joined.add(arg + "=" + args[++i]);
            } else {
                joined.add(arg);
            }
        }
        return commandLine.execute(joined.toArray(String[]::new));
    }

    /**
     * The usage error of a flag that takes a value followed by another flag ({@code --file $UNSET
     * --kafka.ssl.truststore.password=secret}), naming both flags and no value; empty when there is none.
     * picocli took the next flag as the value, and the error about that value ("file ... does not exist",
     * "... is not an int") showed the secret. Nothing after a literal "--" is looked at.
     */
    public static Optional<ParameterException> flagWithoutItsValue(CommandLine commandLine, String... args) {
        CommandLine command = commandLine;
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            String arg = args[i];
            CommandLine sub = command.getSubcommands().get(arg);
            command = sub != null ? sub : command;
            OptionSpec option = arg.startsWith("-") && !arg.contains("=")
                    ? command.getCommandSpec().findOption(arg)
                    : null;
            if (option != null && option.arity().min() > 0 && i + 1 < args.length && isFlag(args[i + 1])) {
                return Optional.of(Flags.usage(
                        command.getCommandSpec(),
                        option.longestName() + " needs a value, but the next argument is the flag "
                                + args[i + 1].split("=", 2)[0] + " (a value that starts with -- is written "
                                + option.longestName() + "=VALUE)"));
            }
        }
        return Optional.empty();
    }

    /** Hands {@code error} to its command line's usage error handler; returns the exit code it gives. */
    public static int usageError(ParameterException error, String... args) {
        try {
            return error.getCommandLine().getParameterExceptionHandler().handleParseException(error, args);
        } catch (Exception e) {
            throw new IllegalStateException("the usage error handler failed on: " + error.getMessage(), e);
        }
    }

    private static boolean isFlag(String arg) {
        return arg.startsWith("--") && arg.length() > 2;
    }

    /** Checks every flag before answering --help or --version: picocli answers them even beside a mistake. */
    private static int execute(ParseResult parsed) {
        for (CommandLine command : parsed.asCommandLineList()) {
            CommandSpec spec = command.getCommandSpec();
            List<String> unmatched = command.getParseResult().unmatched();
            if (!unmatched.isEmpty() && !command.isUnmatchedArgumentsAllowed()) {
                throw new UnmatchedArgumentException(command, unmatched);
            }
            refuseBlankValues(command);
            spec.mixins().values().stream()
                    .filter(mixin -> mixin.userObject() instanceof ConfigFlags)
                    .forEach(mixin -> ((ConfigFlags) mixin.userObject()).args());
        }
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        return new RunLast().execute(parsed);
    }

    /**
     * No flag takes an empty value: {@code --jar "$NEW_JAR"} with the variable unset must not mean the
     * default jar, nor {@code --dir ""} the current directory.
     */
    public static void refuseBlankValues(CommandLine command) {
        for (OptionSpec option : command.getParseResult().matchedOptions()) {
            for (String value : option.originalStringValues()) {
                if (value.isBlank()) {
                    throw Flags.invalid(command.getCommandSpec(), option.longestName(), value, "a non-empty value");
                }
            }
        }
    }

    /** {@code --port PORT} rather than picocli's {@code --port=PORT}. */
    private record SpaceBeforeValue(IParamLabelRenderer standard) implements IParamLabelRenderer {
        @Override
        public Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<IStyle> styles) {
            Text label = standard.renderParameterLabel(arg, ansi, styles);
            String separator = standard.separator();
            return arg.isOption() && label.plainString().startsWith(separator)
                    ? ansi.text(" ").concat(label.substring(separator.length()))
                    : label;
        }

        @Override
        public String separator() {
            return " ";
        }
    }
}
