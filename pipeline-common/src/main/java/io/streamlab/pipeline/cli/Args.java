package io.streamlab.pipeline.cli;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-written flag parsing of one subcommand: {@code --name value}, {@code --name=value} and boolean
 * {@code --name}. Flags the subcommand does not define are configuration flags ({@code --config FILE},
 * {@code --kafka.bootstrap.servers ...}) when the subcommand talks to Kafka and the name is a
 * configuration key; they are handed, untouched, to {@link PipelineConfig#load}. Everything else is a
 * {@link UsageException} naming the flag.
 */
public final class Args {

    /** One flag of a subcommand; {@code valueName} is null for a boolean flag. */
    public record Option(String name, String valueName, String help) {
        boolean takesValue() {
            return valueName != null;
        }
    }

    public static Option flag(String name, String help) {
        return new Option(name, null, help);
    }

    public static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, help);
    }

    /** What a subcommand accepts, and its --help text. */
    public record Spec(String tool, String command, String summary, List<Option> options, boolean kafkaConfig) {

        /** "producer-tool tracks": how the user calls this subcommand. */
        public String invocation() {
            return tool + " " + command;
        }

        Optional<Option> option(String name) {
            return options.stream().filter(o -> o.name().equals(name)).findFirst();
        }

        public String usage() {
            StringBuilder sb = new StringBuilder();
            sb.append("Usage: ")
                    .append(invocation())
                    .append(" [flags]")
                    .append(kafkaConfig ? " [--config FILE] [--<config key> VALUE ...]" : "")
                    .append('\n');
            List<String> paragraph = summary.lines().toList();
            sb.append('\n').append(paragraph.get(0)).append('\n');
            String rest =
                    String.join(" ", paragraph.subList(1, paragraph.size())).trim();
            if (!rest.isEmpty()) {
                wrap(rest, 96).forEach(line -> sb.append(line).append('\n'));
            }
            sb.append("\nFlags:\n");
            List<Option> all = new ArrayList<>(options);
            all.add(flag("help", "print this help and exit"));
            for (Option o : all) {
                String left = "--" + o.name() + (o.takesValue() ? " " + o.valueName() : "");
                List<String> lines = wrap(o.help(), 70);
                sb.append(String.format("  %-28s %s%n", left, lines.get(0)));
                for (String more : lines.subList(1, lines.size())) {
                    sb.append(" ".repeat(31)).append(more).append('\n');
                }
            }
            if (kafkaConfig) {
                sb.append("\nConfiguration (see conf/pipeline.properties): --config FILE, or any key as a flag,\n")
                        .append("e.g. --kafka.bootstrap.servers host:9092; environment variables such as\n")
                        .append("KAFKA_BOOTSTRAP_SERVERS work too.\n");
            }
            return sb.toString();
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private final Spec spec;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> configArgs = new ArrayList<>();
    private boolean help;

    private Args(Spec spec) {
        this.spec = spec;
    }

    public static Args parse(Spec spec, String[] args) {
        Args parsed = new Args(spec);
        RawConfig configKeys = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                parsed.help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (flags are written --name value; see "
                        + spec.invocation() + " --help)");
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Optional<Option> option = spec.option(name);
            if (option.isPresent()) {
                if (!option.get().takesValue()) {
                    if (inlineValue != null) {
                        throw new UsageException("--" + name + " takes no value");
                    }
                    parsed.values.put(name, "true");
                    continue;
                }
                String value = inlineValue != null
                        ? inlineValue
                        : valueAfter(args, i++, name, option.get().valueName());
                parsed.values.put(name, value);
                continue;
            }
            if (spec.kafkaConfig()) {
                if (configKeys == null) {
                    configKeys = RawConfig.defaults();
                }
                if (isConfigKey(configKeys, name)) {
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "VALUE");
                    parsed.configArgs.add("--" + name);
                    parsed.configArgs.add(value);
                    continue;
                }
            }
            throw new UsageException("unknown flag --" + name + " for '" + spec.invocation() + "'"
                    + suggestion(spec, name) + " (see " + spec.invocation() + " --help)");
        }
        return parsed;
    }

    private static String valueAfter(String[] args, int i, String name, String valueName) {
        if (i + 1 >= args.length || (args[i + 1].startsWith("--") && args[i + 1].length() > 2)) {
            throw new UsageException("--" + name + " needs a value (" + valueName + ")");
        }
        return args[i + 1];
    }

    /** " Did you mean --x?" for a flag or configuration key spelled nearly alike, else "". */
    private static String suggestion(Spec spec, String name) {
        String wanted = name.replaceAll("[._-]", "").toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        spec.options().forEach(o -> candidates.add(o.name()));
        if (spec.kafkaConfig()) {
            candidates.addAll(RawConfig.defaults().withPrefix("").keySet());
            candidates.add(RawConfig.CONFIG_FLAG);
        }
        for (String candidate : candidates) {
            String c = candidate.replaceAll("[._-]", "").toLowerCase(Locale.ROOT);
            if (c.equals(wanted) || distance(c, wanted) <= 2) {
                return ". Did you mean --" + candidate + "?";
            }
        }
        return "";
    }

    /** Levenshtein distance, for short flag names. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static boolean isConfigKey(RawConfig defaults, String name) {
        return name.equals(RawConfig.CONFIG_FLAG)
                || defaults.contains(name)
                || name.matches("team\\.[A-Za-z0-9_-]+\\.topic")
                || name.startsWith("routing.type.")
                || (name.startsWith("flink.") && name.length() > "flink.".length());
    }

    public boolean help() {
        return help;
    }

    public Spec spec() {
        return spec;
    }

    /** The configuration flags, in order, for {@link PipelineConfig#load}. */
    public List<String> configArgs() {
        return List.copyOf(configArgs);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> string(String name) {
        String value = values.get(name);
        if (value != null && value.isBlank()) {
            throw invalid(name, value, "a non-empty value");
        }
        return Optional.ofNullable(value);
    }

    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String expected = "a whole number from " + min + " to " + max;
        long parsed;
        try {
            parsed = Long.parseLong(text.get().trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(name, text.get(), expected);
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, text.get(), expected);
        }
        return parsed;
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public double doubleValue(String name, double defaultValue, double min, double max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String expected = "a number from " + min + " to " + max;
        try {
            double parsed = Double.parseDouble(text.get().trim());
            if (!(parsed >= min && parsed <= max)) {
                throw invalid(name, text.get(), expected);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(name, text.get(), expected);
        }
    }

    /** A duration written 500ms, 5s, 2min, 1h or 7d (as in the configuration). */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration parsed = PipelineConfig.parseDuration(text.get());
        if (parsed == null || parsed.isZero()) {
            throw invalid(name, text.get(), "a positive duration such as 500ms, 5s, 2min or 1h");
        }
        return parsed;
    }

    /** An instant written as ISO-8601 (2025-01-31T10:00:00Z, or with an offset) or as epoch seconds. */
    public Optional<Instant> instant(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get().trim();
        try {
            if (t.matches("\\d{1,12}")) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
            }
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(name, t, "an ISO-8601 instant such as 2025-01-31T10:00:00Z, or epoch seconds");
        }
    }

    /** A file that must exist and be readable. */
    public Optional<Path> existingFile(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(text.get());
        if (!Files.isRegularFile(path)) {
            throw new UsageException(
                    "--" + name + ": file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException("--" + name + ": file " + path.toAbsolutePath() + " is not readable");
        }
        return Optional.of(path);
    }

    /** Fails when both flags are given. */
    public void exclusive(String a, String b) {
        if (has(a) && has(b)) {
            throw new UsageException("--" + a + " and --" + b + " cannot be used together");
        }
    }

    public static UsageException invalid(String name, String value, String expected) {
        return new UsageException("invalid value '" + value + "' for --" + name + ": expected " + expected);
    }
}
