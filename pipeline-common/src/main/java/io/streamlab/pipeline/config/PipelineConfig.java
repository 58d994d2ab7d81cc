package io.streamlab.pipeline.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed, validated configuration of the job and the producer-tool. Built once at start-up by
 * {@link #load}; every value has been checked, so the rest of the code never parses strings.
 * Serializable because functions of the job carry the parts they need to the task managers.
 */
public record PipelineConfig(
        Kafka kafka,
        Topics topics,
        Routing routing,
        Job job,
        EventTime eventTime,
        Tickets tickets,
        String outputDir,
        FaultTolerance faultTolerance,
        int localWebUiPort,
        Map<String, String> flinkOverrides) implements Serializable {

    public record Kafka(String bootstrapServers, Duration startupTimeout, Map<String, String> clientSecurity)
            implements Serializable {
        /** Settings every Kafka client of the pipeline needs (security), without bootstrap servers. */
        public Properties securityProperties() {
            Properties p = new Properties();
            p.putAll(clientSecurity);
            return p;
        }

        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", securityProtocol="
                    + clientSecurity.getOrDefault("security.protocol", "PLAINTEXT") + "]";
        }
    }

    public record Topics(String tracks, String tickets, String deadLetters, int partitions,
                         short replicationFactor, Duration retention) implements Serializable {
    }

    /** Teams in their configured order, each with its topic; ticket types (normalised) to teams. */
    public record Routing(Map<String, String> teamTopics, Map<String, String> typeToTeam, String defaultTeam)
            implements Serializable {
        public List<String> teams() {
            return List.copyOf(teamTopics.keySet());
        }

        /** The team of a ticket type: case, surrounding whitespace and the spelling of separators do not matter. */
        public String teamFor(String ticketType) {
            if (ticketType == null) {
                return defaultTeam;
            }
            return typeToTeam.getOrDefault(normaliseType(ticketType), defaultTeam);
        }

        public static String normaliseType(String type) {
            return type.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
        }
    }

    public record Job(String name, int parallelism, int maxParallelism, String groupId, StartFrom startFrom,
                      boolean bounded) implements Serializable {
    }

    public enum StartFrom { EARLIEST, LATEST }

    public record EventTime(Duration tracksWindow, Duration ticketsWindow, Duration outOfOrderness,
                            Duration idleness, Duration allowedLateness) implements Serializable {
    }

    public record Tickets(int maxDescriptionChars, int keywordMinLength, int maxKeywordsPerTicket)
            implements Serializable {
    }

    public enum StateBackend { HASHMAP, ROCKSDB }

    public record FaultTolerance(Duration checkpointInterval, Duration checkpointTimeout, Duration minPause,
                                 int tolerableFailures, String checkpointDir, String savepointDir,
                                 StateBackend stateBackend, int restartAttempts, Duration restartDelay,
                                 Duration transactionTimeout) implements Serializable {
    }

    /** Loads and validates; throws {@link ConfigException} naming the key on the first problem. */
    public static PipelineConfig load(List<String> args, Map<String, String> env) {
        return from(RawConfig.load(args, env));
    }

    public static PipelineConfig load(String[] args) {
        return load(Arrays.asList(args), System.getenv());
    }

    public static PipelineConfig defaults() {
        return from(RawConfig.defaults());
    }

    public static PipelineConfig from(RawConfig raw) {
        Values v = new Values(raw);

        Map<String, String> security = new LinkedHashMap<>();
        String protocol = v.oneOf("kafka.security.protocol", "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
        security.put("security.protocol", protocol);
        for (String key : List.of("sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location",
                "ssl.truststore.password")) {
            String value = v.string("kafka." + key);
            if (!value.isEmpty()) {
                security.put(key, value);
            }
        }
        if (protocol.startsWith("SASL") && !security.containsKey("sasl.jaas.config")) {
            throw new ConfigException("kafka.security.protocol is " + protocol
                    + " but kafka.sasl.jaas.config is empty: set it (best through the environment variable KAFKA_SASL_JAAS_CONFIG)");
        }
        Kafka kafka = new Kafka(v.nonEmpty("kafka.bootstrap.servers"), v.duration("kafka.startup-timeout", false),
                Map.copyOf(security));

        int partitions = v.integer("topic.partitions", 1, 10_000);
        Topics topics = new Topics(v.topic("topic.tracks"), v.topic("topic.tickets"), v.topic("topic.dead-letters"),
                partitions, (short) v.integer("topic.replication-factor", 1, Short.MAX_VALUE),
                v.duration("topic.retention", false));

        Routing routing = routing(raw, v);

        Job job = new Job(v.nonEmpty("job.name"), v.integer("job.parallelism", 1, 1024),
                v.integer("job.max-parallelism", 1, 32_768), v.nonEmpty("job.group-id"),
                StartFrom.valueOf(v.oneOf("job.start-from", "earliest", "latest").toUpperCase(Locale.ROOT)),
                v.bool("job.bounded"));
        if (job.parallelism() > job.maxParallelism()) {
            throw new ConfigException("job.parallelism (" + job.parallelism() + ") must not exceed job.max-parallelism ("
                    + job.maxParallelism() + ")");
        }

        EventTime eventTime = new EventTime(v.duration("window.tracks.size", false),
                v.duration("window.tickets.size", false), v.duration("watermark.out-of-orderness", true),
                v.duration("watermark.idleness", false), v.duration("window.allowed-lateness", true));

        Tickets tickets = new Tickets(v.integer("tickets.description.max-chars", 1, Integer.MAX_VALUE),
                v.integer("keywords.min-length", 1, 100), v.integer("keywords.max-per-ticket", 1, 10_000));

        FaultTolerance faultTolerance = new FaultTolerance(v.duration("checkpoint.interval", false),
                v.duration("checkpoint.timeout", false), v.duration("checkpoint.min-pause", true),
                v.integer("checkpoint.tolerable-failures", 0, 1_000), v.nonEmpty("checkpoint.dir"),
                v.nonEmpty("savepoint.dir"),
                StateBackend.valueOf(v.oneOf("state.backend", "hashmap", "rocksdb").toUpperCase(Locale.ROOT)),
                v.integer("restart.attempts", 0, 1_000_000), v.duration("restart.delay", true),
                v.duration("sink.transaction-timeout", false));
        if (faultTolerance.transactionTimeout().compareTo(faultTolerance.checkpointInterval()) <= 0) {
            throw new ConfigException("sink.transaction-timeout (" + raw.get("sink.transaction-timeout")
                    + ") must be longer than checkpoint.interval (" + raw.get("checkpoint.interval")
                    + "), or transactions expire before their checkpoint commits them");
        }
        if (faultTolerance.transactionTimeout().compareTo(Duration.ofMinutes(15)) > 0) {
            throw new ConfigException("sink.transaction-timeout (" + raw.get("sink.transaction-timeout")
                    + ") is above the broker's default transaction.max.timeout.ms (15min): the exactly-once sinks would be refused");
        }

        return new PipelineConfig(kafka, topics, routing, job, eventTime, tickets, v.nonEmpty("output.dir"),
                faultTolerance, v.integer("local.web-ui.port", 0, 65_535), Map.copyOf(raw.withPrefix("flink.")));
    }

    private static Routing routing(RawConfig raw, Values v) {
        Map<String, String> teamTopics = new LinkedHashMap<>();
        for (String team : v.list("teams")) {
            String key = "team." + team + ".topic";
            if (!raw.contains(key)) {
                throw new ConfigException("Team '" + team + "' (from " + raw.origin("teams") + ") has no topic: set " + key);
            }
            teamTopics.put(team, v.topic(key));
        }
        if (teamTopics.isEmpty()) {
            throw new ConfigException("teams is empty: at least one team is needed to route tickets");
        }
        for (String team : raw.withPrefix("team.").keySet()) {
            String name = team.substring(0, team.length() - ".topic".length());
            if (!teamTopics.containsKey(name)) {
                throw new ConfigException("team." + team + " (from " + raw.origin("team." + team)
                        + ") names team '" + name + "', which is not in teams (" + raw.get("teams") + ")");
            }
        }
        Map<String, String> typeToTeam = new LinkedHashMap<>();
        raw.withPrefix("routing.type.").forEach((type, team) -> {
            String key = "routing.type." + type;
            if (!teamTopics.containsKey(team.trim())) {
                throw new ConfigException("Invalid value '" + team + "' for '" + key + "' (from " + raw.origin(key)
                        + "): expected one of the teams " + teamTopics.keySet());
            }
            typeToTeam.put(Routing.normaliseType(type), team.trim());
        });
        String defaultTeam = v.nonEmpty("routing.default-team");
        if (!teamTopics.containsKey(defaultTeam)) {
            throw new ConfigException("Invalid value '" + defaultTeam + "' for 'routing.default-team' (from "
                    + raw.origin("routing.default-team") + "): expected one of the teams " + teamTopics.keySet());
        }
        return new Routing(Collections.unmodifiableMap(teamTopics), Collections.unmodifiableMap(typeToTeam), defaultTeam);
    }

    /** Parses raw strings, naming the key and its origin in every error. */
    private static final class Values {
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|sec|min|m|h|d)");
        private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
        private final RawConfig raw;

        Values(RawConfig raw) {
            this.raw = raw;
        }

        String string(String key) {
            return raw.get(key).trim();
        }

        String nonEmpty(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                throw invalid(key, value, "a non-empty value");
            }
            return value;
        }

        String topic(String key) {
            String value = nonEmpty(key);
            if (!TOPIC_NAME.matcher(value).matches()) {
                throw invalid(key, value, "a Kafka topic name (letters, digits, '.', '_' and '-')");
            }
            return value;
        }

        List<String> list(String key) {
            List<String> result = new ArrayList<>();
            for (String part : string(key).split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
            return result;
        }

        int integer(String key, int min, int max) {
            String value = string(key);
            int parsed;
            try {
                parsed = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw invalid(key, value, "a whole number from " + min + " to " + max);
            }
            if (parsed < min || parsed > max) {
                throw invalid(key, value, "a whole number from " + min + " to " + max);
            }
            return parsed;
        }

        boolean bool(String key) {
            String value = string(key).toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            throw invalid(key, value, "true or false");
        }

        String oneOf(String key, String... allowed) {
            String value = string(key);
            for (String candidate : allowed) {
                if (candidate.equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
            throw invalid(key, value, "one of " + String.join(", ", allowed));
        }

        Duration duration(String key, boolean zeroAllowed) {
            String value = string(key);
            Duration parsed = parseDuration(value);
            if (parsed == null || (!zeroAllowed && parsed.isZero())) {
                throw invalid(key, value, (zeroAllowed ? "" : "a positive ") + "duration such as 500ms, 30s, 5min, 2h or 7d");
            }
            return parsed;
        }

        private ConfigException invalid(String key, String value, String expected) {
            return new ConfigException("Invalid value '" + value + "' for '" + key + "' (from " + raw.origin(key)
                    + "): expected " + expected);
        }
    }

    /** 500ms, 30s, 5min (or 5m), 2h, 7d; null when the text is not such a duration. */
    public static Duration parseDuration(String text) {
        Matcher m = Values.DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "sec" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> null;
        };
    }
}
