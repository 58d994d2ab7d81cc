package io.streamlab.pipeline.cli;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The pipeline's configuration on a command line, as the job takes it: {@code --config FILE}, and any
 * configuration key as a flag ({@code --kafka.bootstrap.servers host:9092}, {@code --topic.partitions=6}).
 *
 * <p>The keys cannot be declared as options (three families of them are named by the user), so the
 * command keeps the arguments it does not define (picocli's unmatched arguments); {@link #args()} takes
 * the known keys ({@link RawConfig#isKnown}) with their values and reports anything else as picocli's
 * own unknown-argument error, which {@link UsageErrors} words the same for every command, with a "Did
 * you mean" over the command's flags and the configuration keys.
 */
@Command(
        footer = {
            "",
            "Configuration (see conf/pipeline.properties): --config FILE, or any key as a flag,",
            "e.g. --kafka.bootstrap.servers host:9092 or --topic.partitions=6; environment variables",
            "such as KAFKA_BOOTSTRAP_SERVERS work too."
        })
public final class ConfigFlags {
    private CommandSpec command;

    @Option(
            names = "--" + RawConfig.CONFIG_FLAG,
            paramLabel = "FILE",
            description = "a properties file over conf/pipeline.properties (env " + RawConfig.CONFIG_ENV + ")")
    private String file;

    /** Picocli calls this with the command that has these flags: it keeps what it does not define. */
    @Spec(Spec.Target.MIXEE)
    void command(CommandSpec command) {
        this.command = command;
        command.parser().unmatchedArgumentsAllowed(true);
    }

    /**
     * The configuration flags, in order, for {@link PipelineConfig#load}; throws the usage error of the
     * first argument that is not one.
     */
    public List<String> args() {
        RawConfig defaults = RawConfig.defaults();
        List<String> args = new ArrayList<>();
        if (file != null) {
            addPair(args, RawConfig.CONFIG_FLAG, file);
        }
        List<String> unmatched = command.commandLine().getUnmatchedArguments();
        for (int i = 0; i < unmatched.size(); i++) {
            String arg = unmatched.get(i);
            String[] keyAndValue = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[] {""};
            String key = keyAndValue[0];
            if (key.isEmpty() || !defaults.isKnown(key)) {
                if (RawConfig.secretFlagBefore(unmatched, i).isPresent()) {
                    // the rest of a secret the shell split: named by its flag, not quoted
                    throw new ParameterException(
                            command.commandLine(),
                            "unexpected argument " + RawConfig.shownArgument(unmatched, i)
                                    + " (flags are written --name value)");
                }
                throw new UnmatchedArgumentException(command.commandLine(), unmatched.subList(i, unmatched.size()));
            }
            if (keyAndValue.length == 2) {
                addPair(args, key, keyAndValue[1]);
            } else if (i + 1 < unmatched.size() && !looksLikeAFlag(unmatched.get(i + 1))) {
                addPair(args, key, unmatched.get(++i));
            } else {
                throw new ParameterException(command.commandLine(), "--" + key + " needs a value");
            }
        }
        return args;
    }

    /**
     * {@code --key value}; {@code --key=value} when the value starts with {@code --}, which the
     * configuration would otherwise take for a forgotten value followed by the next flag.
     */
    private static void addPair(List<String> args, String key, String value) {
        if (value.startsWith("--")) {
            args.add("--" + key + "=" + value);
        } else {
            args.add("--" + key);
            args.add(value);
        }
    }

    /** The configuration from these flags, the environment and the files; a bad one is a usage error. */
    public PipelineConfig load(Map<String, String> env) {
        List<String> args = args();
        try {
            return PipelineConfig.load(args, env);
        } catch (ConfigException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    private static boolean looksLikeAFlag(String arg) {
        return arg.startsWith("--") && arg.length() > 2;
    }
}
