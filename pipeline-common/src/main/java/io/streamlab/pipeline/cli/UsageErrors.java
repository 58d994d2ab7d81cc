package io.streamlab.pipeline.cli;

import io.streamlab.pipeline.config.DidYouMean;
import io.streamlab.pipeline.config.RawConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistake on the command line (unknown flag or command, bad value, missing or malformed input file,
 * bad configuration): one line that says what is wrong, then the command's synopsis, on stderr, and
 * exit code 2. Unknown flags and commands get a "Did you mean" from {@link DidYouMean}, over the
 * command's flags plus, for a command with {@link ConfigFlags}, the configuration keys.
 */
public final class UsageErrors implements IParameterExceptionHandler {
    private final Consumer<String> printError;

    UsageErrors(Consumer<String> printError) {
        this.printError = printError;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        CommandSpec command = commandLine.getCommandSpec();
        String message = e instanceof UnmatchedArgumentException unmatched
                ? describe(command, unmatched.getUnmatched())
                : e.getMessage();
        printError.accept(command.qualifiedName() + ": " + message);
        commandLine
                .getErr()
                .println(commandLine.getHelp().synopsisHeading()
                        + commandLine.getHelp().abbreviatedSynopsis().strip()
                        + "   (" + command.qualifiedName() + " --help for more)");
        commandLine.getErr().flush();
        return command.exitCodeOnInvalidInput();
    }

    /**
     * What is wrong with the first of the {@code unmatched} arguments, naming a flag without its value: the
     * value of an unknown flag may be a secret (picocli's own message quotes every unmatched argument).
     */
    public static String describe(CommandSpec command, List<String> unmatched) {
        String arg = unmatched.get(0);
        if (arg.startsWith("-") && arg.length() > 1) {
            String flag = arg.split("=", 2)[0];
            if (flagNames(command).contains(flag.replaceFirst("^-+", ""))) {
                // only a '--' before it keeps a flag of the command from being read as one
                return "flag " + flag + " comes after '--', which ends the flags: remove the '--'";
            }
            return "unknown flag " + flag + " for '" + command.qualifiedName() + "'"
                    + didYouMean(flag.replaceFirst("^-+", ""), flagNames(command), "--");
        }
        List<String> commands = commandNames(command);
        if (!commands.isEmpty()) {
            return "unknown command '" + arg + "' (commands: " + String.join(", ", commands) + ")"
                    + didYouMean(arg, commands, "");
        }
        return "unexpected argument '" + RawConfig.withoutCredentials(arg) + "' (flags are written --name value)";
    }

    private static String didYouMean(String typed, List<String> names, String prefix) {
        List<String> close = DidYouMean.among(typed, names);
        return close.isEmpty()
                ? ""
                : ". Did you mean "
                        + String.join(
                                " or ", close.stream().map(n -> prefix + n).toList()) + "?";
    }

    /** The command's long flag names without dashes, and the configuration keys when it takes them. */
    private static List<String> flagNames(CommandSpec command) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (!option.hidden()) {
                names.add(option.longestName().replaceFirst("^-+", ""));
            }
        }
        boolean takesConfig = command.mixins().values().stream().anyMatch(m -> m.userObject() instanceof ConfigFlags);
        if (takesConfig) {
            names.addAll(RawConfig.defaults().knownKeys());
        }
        return names;
    }

    private static List<String> commandNames(CommandSpec command) {
        return command.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()
                        && !e.getValue().getCommandSpec().helpCommand())
                .map(e -> e.getKey())
                .distinct()
                .toList();
    }
}
