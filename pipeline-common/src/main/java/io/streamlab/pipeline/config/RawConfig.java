package io.streamlab.pipeline.config;

import io.streamlab.pipeline.files.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * String values of the configuration keys, layered from the bundled defaults, an optional file,
 * environment variables and {@code --key value} flags, each remembering where it came from so an error
 * can say "from env KAFKA_BOOTSTRAP_SERVERS" or "from --topic.partitions".
 *
 * <p>Known keys are the keys of the bundled {@code conf/pipeline.properties}, plus three families
 * whose names are chosen by the user: {@code team.<name>.topic}, {@code routing.type.<type>} and
 * {@code flink.<flink key>} (passed through to Flink's configuration).
 */
public final class RawConfig {
    static final String DEFAULTS_RESOURCE = "/io/streamlab/pipeline/config/pipeline.properties";
    public static final String CONFIG_FLAG = "config";
    public static final String CONFIG_ENV = "PIPELINE_CONFIG";

    private static final Pattern TEAM_TOPIC = Pattern.compile("team\\.[A-Za-z0-9_-]+\\.topic");
    private static final Pattern ROUTING_TYPE = Pattern.compile("routing\\.type\\..+");
    private static final String FLINK_PREFIX = "flink.";
    /**
     * Keys whose values are never printed: passwords, JAAS configurations, secrets, tokens, credentials
     * and keys (also through {@code flink.} keys such as {@code flink.s3.secret-key}).
     */
    private static final Pattern SECRET =
            Pattern.compile(".*(password|passwd|jaas|secret|token|credential|api[-_.]?key|private|key\\b).*");

    private static final Pattern SECRET_WORDS = Pattern.compile("[\\s\"';=]+");
    /**
     * The words of a JAAS configuration that are its grammar, not its secrets: control flags, booleans and
     * login module class names. Option names are recognised by the '=' after them.
     */
    private static final Pattern NOT_SECRET_WORDS = Pattern.compile(
            "required|requisite|sufficient|optional|true|false|[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+LoginModule");
    /** What a secret value is shown as. */
    public static final String MASK = "******";
    /** The user information of a URL ({@code http://user:password@host}), which may hold a password. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)\\S*@");

    private static final String DEFAULTS_ORIGIN = "defaults";

    private final Map<String, String> values = new LinkedHashMap<>();
    /** The keys a file, the environment or a flag set. */
    private final Set<String> chosen = new HashSet<>();

    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Set<String> knownKeys;

    private RawConfig(Map<String, String> defaults) {
        this.knownKeys = Collections.unmodifiableSet(new TreeSet<>(defaults.keySet()));
        defaults.forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, DEFAULTS_ORIGIN);
        });
    }

    /** Defaults only: what a program sees with no file, no environment and no flags. */
    public static RawConfig defaults() {
        try (InputStream in = RawConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "The bundled defaults " + DEFAULTS_RESOURCE + " are missing from the jar");
            }
            return new RawConfig(readProperties(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled defaults", e);
        }
    }

    /**
     * The full layering. {@code args} must be {@code --key value} pairs only (callers strip their own
     * command flags first); {@code --config PATH} names an extra properties file.
     */
    public static RawConfig load(List<String> args, Map<String, String> env) {
        RawConfig config = defaults();
        Map<String, String> flags = parseFlags(args);

        if (flags.containsKey(CONFIG_FLAG) && flags.get(CONFIG_FLAG).isBlank()) {
            // --config "$FILE" with the variable unset: not the defaults silently
            throw new ConfigException("--" + CONFIG_FLAG + " needs a file, and was given an empty value");
        }
        String file = flags.containsKey(CONFIG_FLAG) ? flags.remove(CONFIG_FLAG) : env.get(CONFIG_ENV);
        if (file != null && !file.isBlank()) {
            config.applyFile(Path.of(file));
        }
        for (String key : config.knownKeys) {
            String envName = envName(key);
            String value = env.get(envName);
            if (value != null) {
                config.put(key, value.trim(), "env " + envName);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            config.checkKnown(flag.getKey(), "--" + flag.getKey());
            config.put(flag.getKey(), flag.getValue(), "--" + flag.getKey());
        }
        return config;
    }

    /** kafka.bootstrap.servers becomes KAFKA_BOOTSTRAP_SERVERS. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> parseFlags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("Unexpected argument " + shownArgument(args, i)
                        + ": configuration flags are written --key value");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq > 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) {
                    throw new ConfigException("Flag --" + key + " needs a value");
                }
                value = args.get(++i);
                // "--job.name --output.dir /x" named the job "--output.dir", and the rest went on silently
                if (value.startsWith("--") && value.length() > 2) {
                    String next = isSecret(key) ? "starts with --" : "is the flag " + shownArgument(args, i);
                    throw new ConfigException("Flag --" + key + " needs a value, but the next argument " + next
                            + " (a value that starts with -- is written --" + key + "=VALUE)");
                }
            }
            flags.put(key, value.trim());
        }
        return flags;
    }

    private void applyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    "Configuration file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        Map<String, String> fromFile;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            fromFile = readProperties(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + IoErrors.describe(e, file), e);
        } catch (IllegalArgumentException e) {
            // Properties reads a backslash as an escape, and a backslash-u without four hex digits after it
            // (a Windows path to a folder whose name starts with u) as a broken one
            throw new ConfigException("Cannot read configuration file " + file + ": " + malformedEscape(file)
                    + " (a backslash starts an escape: write C:/Users/me/truststore.jks, or double each backslash)");
        }
        fromFile.forEach((k, v) -> {
            if (!isKnown(k) && !keyShaped(k)) {
                // a value written over several lines without a backslash ending each but the last: its next
                // line reads as a key, and quoting it showed a piece of a JAAS configuration's password
                throw new ConfigException("Configuration file " + file + lineOf(file, k)
                        + " is not a 'key = value' line of a configuration key; nothing of it is shown, as it may"
                        + " be the rest of a value (a secret's perhaps): a value that goes on over lines needs a"
                        + " backslash at the end of each line but the last");
            }
            checkKnown(k, file.toString());
            put(k, v, file.toString());
        });
    }

    /**
     * Written like a configuration key, or like a mistyped one: words of letters, digits, dashes and
     * underscores joined by dots, the first a known key's, or the whole close to a known key ("Did you
     * mean"). A line of a value over lines ({@code password="..."}, a bare word) is not.
     */
    private boolean keyShaped(String key) {
        if (!key.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+")) {
            return false;
        }
        String first = key.substring(0, key.indexOf('.') + 1);
        return knownKeys.stream().anyMatch(known -> known.startsWith(first))
                || !DidYouMean.among(key, knownKeys).isEmpty();
    }

    /** The key a properties line starts with: up to its first '=', ':' or white space. */
    private static String keyOf(String strippedLine) {
        return strippedLine.split("[=:\\s]", 2)[0];
    }

    /** ", line N" of the first line of {@code file} whose key is {@code key}, or nothing. */
    private static String lineOf(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (keyOf(lines.get(i).strip()).equals(key)) {
                    return ", line " + (i + 1) + ",";
                }
            }
        } catch (IOException | RuntimeException e) {
            // the message still names the file
        }
        return "";
    }

    /**
     * Where the first backslash-u without four hex digits is (an odd run of backslashes, outside comments),
     * by line, and by key when the line starts with a known one: nothing of a value is shown.
     */
    private String malformedEscape(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Pattern bad = Pattern.compile("(?<!\\\\)(\\\\\\\\)*\\\\u(?![0-9a-fA-F]{4})");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("#")
                        || line.startsWith("!")
                        || !bad.matcher(line).find()) {
                    continue;
                }
                String key = keyOf(line);
                return "line " + (i + 1) + (isKnown(key) ? " (" + key + ")" : "")
                        + ": \\u is not followed by four hex digits";
            }
        } catch (IOException | RuntimeException e) {
            // the message below still names the file
        }
        return "a \\u is not followed by four hex digits";
    }

    private static Map<String, String> readProperties(Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        Map<String, String> result = new LinkedHashMap<>();
        properties.stringPropertyNames().stream()
                .sorted()
                .forEach(k -> result.put(k.trim(), properties.getProperty(k).trim()));
        return result;
    }

    private void checkKnown(String key, String origin) {
        if (isKnown(key)) {
            return;
        }
        List<String> close = DidYouMean.among(key, knownKeys);
        String hint = close.isEmpty()
                ? " Known keys are listed in conf/pipeline.properties."
                : " Did you mean " + String.join(" or ", close) + "?";
        throw new ConfigException("Unknown configuration key '" + key + "' (from " + origin + ")." + hint);
    }

    /**
     * Whether {@code key} may be set: a key of the bundled defaults, or one of the families whose names
     * the user chooses ({@code team.<name>.topic}, {@code routing.type.<type>}, {@code flink.<key>}).
     */
    public boolean isKnown(String key) {
        return knownKeys.contains(key)
                || TEAM_TOPIC.matcher(key).matches()
                || ROUTING_TYPE.matcher(key).matches()
                || (key.startsWith(FLINK_PREFIX) && key.length() > FLINK_PREFIX.length());
    }

    /** The keys of the bundled defaults, sorted: what "Did you mean" chooses from. */
    public Set<String> knownKeys() {
        return knownKeys;
    }

    private void put(String key, String value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
        chosen.add(key);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("Missing configuration key '" + key + "'");
        }
        return value;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public String origin(String key) {
        return origins.getOrDefault(key, DEFAULTS_ORIGIN);
    }

    /** Whether a file, the environment or a flag set {@code key}: not left at the bundled default. */
    public boolean chosen(String key) {
        return chosen.contains(key);
    }

    /** All keys starting with {@code prefix}, prefix removed, in a stable order. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        new TreeSet<>(values.keySet())
                .stream()
                        .filter(k -> k.startsWith(prefix))
                        .forEach(k -> result.put(k.substring(prefix.length()), values.get(k)));
        return result;
    }

    public static boolean isSecret(String key) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * {@code text} with the user information of every URL in it masked: whatever key a URL is given under
     * (a Flink REST address, a schema registry), {@code http://admin:pw@host} is shown as
     * {@code http://******@host}, in logs and in the messages about a bad value. Up to the last '@' before
     * the next space: a password may hold an '@' or a '/' (which a URL should encode, but people write),
     * and showing too little of a URL is better than showing a password.
     */
    public static String withoutCredentials(String text) {
        return text == null || !text.contains("@")
                ? text
                : URL_CREDENTIALS.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /**
     * {@code text} (a client library's error message, say) with every secret value of {@code settings}
     * masked, and every word of one too (but the grammar of a JAAS configuration): a parser that quotes the
     * part of a JAAS configuration it stopped at quotes a piece, not the whole value.
     */
    public static String scrub(String text, Map<?, ?> settings) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (Map.Entry<?, ?> e : settings.entrySet()) {
            if (!isSecret(String.valueOf(e.getKey())) || e.getValue() == null) {
                continue;
            }
            String value = String.valueOf(e.getValue());
            if (value.length() >= 3) {
                scrubbed = scrubbed.replace(value, MASK);
            }
            for (String word : SECRET_WORDS.split(value)) {
                if (word.length() >= 3 && !NOT_SECRET_WORDS.matcher(word).matches() && !value.contains(word + "=")) {
                    scrubbed = scrubbed.replace(word, MASK);
                }
            }
        }
        return scrubbed;
    }

    /** The effective configuration for a log line, secrets masked. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        new TreeSet<>(values.keySet()).forEach(k -> {
            String v = values.get(k);
            if (isSecret(k) && !v.isEmpty()) {
                v = MASK;
            }
            v = withoutCredentials(v);
            sb.append(String.format("  %-34s = %s%n", k, v));
        });
        return sb.toString();
    }

    /**
     * How a message names the argument at {@code index}, which was not expected: quoted, without what follows
     * an '=', and not at all when it follows a secret's value, which the shell split into words
     * ({@code --kafka.ssl.truststore.password my secret}, {@code --…password=my secret}).
     */
    public static String shownArgument(List<String> args, int index) {
        Optional<String> secretFlag = secretFlagBefore(args, index);
        if (secretFlag.isPresent()) {
            return "after the value of " + secretFlag.get() + " (a value with spaces must be quoted)";
        }
        String arg = args.get(index);
        int eq = arg.indexOf('=');
        return "'" + (eq > 0 ? arg.substring(0, eq + 1) + "..." : withoutCredentials(arg)) + "'";
    }

    /** The secret flag whose value the argument at {@code index} follows ({@code --k=v x}, {@code --k v x}). */
    public static Optional<String> secretFlagBefore(List<String> args, int index) {
        String before = index >= 1 ? args.get(index - 1) : "";
        String twoBefore = index >= 2 ? args.get(index - 2) : "";
        if (isSecretFlag(before) && before.contains("=")) {
            return Optional.of(before.substring(0, before.indexOf('=')));
        }
        return isSecretFlag(twoBefore) && !twoBefore.contains("=") ? Optional.of(twoBefore) : Optional.empty();
    }

    private static boolean isSecretFlag(String arg) {
        return arg.startsWith("-") && isSecret(arg.replaceFirst("^-+", "").split("=", 2)[0]);
    }

    /**
     * Command-line arguments for a log line: the value of a secret key is masked, whether given as
     * {@code --key value} or as {@code --key=value}.
     */
    public static List<String> maskedArgs(String[] args) {
        String[] masked = args.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] = withoutCredentials(masked[i]);
            if (!masked[i].startsWith("--")) {
                continue;
            }
            int eq = masked[i].indexOf('=');
            String key = masked[i].substring(2, eq > 0 ? eq : masked[i].length());
            if (!isSecret(key)) {
                continue;
            }
            if (eq > 0) {
                masked[i] = "--" + key + "=" + MASK;
            } else if (i + 1 < masked.length) {
                masked[++i] = MASK;
            }
        }
        return List.of(masked);
    }
}
