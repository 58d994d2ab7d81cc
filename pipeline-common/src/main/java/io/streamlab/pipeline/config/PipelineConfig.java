package io.streamlab.pipeline.config;

import io.streamlab.pipeline.records.Blanks;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

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
        Limits limits,
        String outputDir,
        Compaction compaction,
        FaultTolerance faultTolerance,
        int localWebUiPort,
        Map<String, String> flinkOverrides,
        String localDir,
        Operations operations)
        implements Serializable {

    /** Every part, with the secrets of the Flink settings and the user information of URLs masked. */
    @Override
    public String toString() {
        StringJoiner parts = new StringJoiner(", ", "PipelineConfig[", "]");
        for (RecordComponent component : PipelineConfig.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Map<?, ?> settings) {
                Map<Object, Object> masked = new LinkedHashMap<>();
                settings.forEach((k, v) -> masked.put(k, RawConfig.isSecret(String.valueOf(k)) ? RawConfig.MASK : v));
                value = masked;
            }
            parts.add(component.getName() + "=" + value);
        }
        return RawConfig.withoutCredentials(parts.toString());
    }

    public record Kafka(
            String bootstrapServers,
            Duration startupTimeout,
            Map<String, String> clientSecurity,
            Duration transactionMaxTimeout)
            implements Serializable {
        /** Settings every Kafka client of the pipeline needs (security), without bootstrap servers. */
        public Properties securityProperties() {
            Properties p = new Properties();
            p.putAll(clientSecurity);
            return p;
        }

        /** Never the secrets: a record's own toString would print them wherever this is logged. */
        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", securityProtocol="
                    + clientSecurity.getOrDefault("security.protocol", "PLAINTEXT") + "]";
        }
    }

    public record Topics(
            String tracks,
            String tickets,
            String deadLetters,
            int partitions,
            short replicationFactor,
            Duration retention)
            implements Serializable {}

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

        /**
         * The type without its {@link Blanks#INVISIBLE} characters and the {@link Blanks#SPACES_AND_CONTROLS}
         * at its ends, in lower case, each run of them, '_' and '-' in it as one '_' (until 2026-12-02 only
         * ASCII whitespace counted, and "Feature Request" with a no-break space went to the default team):
         * what the insights' SQL does in three regular expressions, here without them (the type of every ticket is normalised, twice, and the
         * expressions took four times as long; PipelineConfigTest keeps them as the reference). Lower case
         * is taken before the runs are collapsed, as there: a final sigma depends on what follows it.
         */
        public static String normaliseType(String type) {
            String visible = type;
            for (int i = 0; i < visible.length(); ) {
                int c = visible.codePointAt(i);
                if (Blanks.isInvisible(c)) {
                    visible = withoutInvisible(visible);
                    break;
                }
                i += Character.charCount(c);
            }
            // no invisible character is left: the one trim of a key takes the spaces and controls at its ends
            String lower = Blanks.strip(visible).toLowerCase(Locale.ROOT);
            StringBuilder out = new StringBuilder(lower.length());
            boolean inRun = false;
            for (int i = 0; i < lower.length(); i++) {
                char c = lower.charAt(i); // separators are all in the BMP
                if (c == '_' || c == '-' || Blanks.isSpaceOrControl(c)) {
                    if (!inRun) {
                        out.append('_');
                        inRun = true;
                    }
                } else {
                    out.append(c);
                    inRun = false;
                }
            }
            return out.toString();
        }

        private static String withoutInvisible(String text) {
            StringBuilder visible = new StringBuilder(text.length());
            text.codePoints().filter(c -> !Blanks.isInvisible(c)).forEach(visible::appendCodePoint);
            return visible.toString();
        }
    }

    public record Job(
            String name, int parallelism, int maxParallelism, String groupId, StartFrom startFrom, boolean bounded)
            implements Serializable {}

    public enum StartFrom {
        EARLIEST,
        LATEST
    }

    public record EventTime(
            Duration tracksWindow,
            Duration ticketsWindow,
            Duration outOfOrderness,
            Duration idleness,
            Duration allowedLateness,
            Duration guardRetention)
            implements Serializable {
        public static final String GUARD_RETENTION = "window.guard-retention";

        /**
         * Windows ahead of the clock (only a drain emits them) that the guard against a second row keeps per
         * key: {@code limits.event-time.max-ahead} must span fewer windows of either size.
         */
        public static final int MAX_WINDOWS_AHEAD = 4096;

        /**
         * How far the watermark trails the highest event time seen. Windows fire once, when the
         * watermark passes their end: a window that fired again for a late record would write a second
         * row for the same window and key to an append-only dataset. So the allowed lateness delays
         * that single firing instead of re-firing.
         */
        public Duration watermarkDelay() {
            return outOfOrderness.plus(allowedLateness);
        }
    }

    public record Tickets(int keywordMinLength, int maxKeywordsPerTicket) implements Serializable {
        /** The longest keyword, in characters: longer runs are hashes or pasted data, not words. */
        public static final int MAX_KEYWORD_LENGTH = 40;
    }

    /**
     * Bounds on every input field ({@code limits.*}), so that no record, however hostile, can fail,
     * stall or skew the job: texts, the artist list, the numbers beyond the contract's fixed ranges,
     * and the event time. {@code maxSinkRecordBytes} bounds what the Kafka sinks write.
     */
    public record Limits(
            int maxRecordBytes,
            int maxIdChars,
            int maxNameChars,
            int maxArtistsPerTrack,
            int maxGenreChars,
            int maxTicketTypeChars,
            int maxChannelChars,
            int maxSubjectChars,
            int maxDescriptionChars,
            long maxDurationMs,
            double maxTempo,
            double minLoudness,
            double maxLoudness,
            long minEventTimeMillis,
            Duration maxEventTimeAhead,
            int maxSinkRecordBytes,
            int maxFileRowBytes)
            implements Serializable {
        /** The configuration key of each bound, for reasons that tell a person what to change. */
        public static final String RECORD_BYTES = "limits.record.max-bytes";

        public static final String ID_CHARS = "limits.id.max-chars";
        public static final String NAME_CHARS = "limits.name.max-chars";
        public static final String ARTISTS_PER_TRACK = "limits.artists.max-per-track";
        public static final String GENRE_CHARS = "limits.genre.max-chars";
        public static final String TICKET_TYPE_CHARS = "limits.ticket-type.max-chars";
        public static final String CHANNEL_CHARS = "limits.channel.max-chars";
        public static final String SUBJECT_CHARS = "limits.subject.max-chars";
        public static final String DESCRIPTION_CHARS = "tickets.description.max-chars";
        public static final String DURATION_MS = "limits.track.duration-ms.max";
        public static final String TEMPO = "limits.track.tempo.max";
        public static final String LOUDNESS_MIN = "limits.track.loudness.min";
        public static final String LOUDNESS_MAX = "limits.track.loudness.max";
        public static final String EVENT_TIME_MIN = "limits.event-time.min";
        public static final String EVENT_TIME_AHEAD = "limits.event-time.max-ahead";
        public static final String SINK_RECORD_BYTES = "sink.max-record-bytes";
        public static final String FILE_ROW_BYTES = "limits.file-row.max-bytes";

        /** The most {@link #FILE_ROW_BYTES} can be: a row is held in one array. */
        public static final int MAX_FILE_ROW_BYTES = 1 << 30;

        /** The bundled defaults, read once. */
        public static Limits defaults() {
            return DefaultLimits.LIMITS;
        }

        /** The largest Kafka key of a record: an id, at most 3 bytes of UTF-8 a character. */
        public long maxKeyBytes() {
            return 3L * maxIdChars;
        }

        /** The latest plausible event time at processing time {@code nowMillis}, without overflow. */
        public long maxEventTimeMillis(long nowMillis) {
            long ahead = maxEventTimeAhead.toMillis();
            return nowMillis > Long.MAX_VALUE - ahead ? Long.MAX_VALUE : nowMillis + ahead;
        }
    }

    /**
     * Compaction of the Parquet part files ({@code sink.compaction.*}). Without it every checkpoint commits
     * a new part file per sink subtask and dataset; with it the part files of {@code checkpoints}
     * consecutive checkpoints (or fewer, once they reach {@code thresholdBytes}) are merged into one file
     * per dataset and day folder before they are committed, so they become visible that much later.
     *
     * @param checkpoints how many checkpoints' part files are merged into one; 0 turns compaction off
     * @param thresholdBytes merge earlier once a folder's waiting part files reach this size; 0: never
     */
    public record Compaction(int checkpoints, long thresholdBytes) implements Serializable {
        public static final String CHECKPOINTS = "sink.compaction.checkpoints";
        public static final String THRESHOLD_BYTES = "sink.compaction.threshold-bytes";

        public boolean enabled() {
            return checkpoints > 0;
        }

        /**
         * The longest a row waits for its part file to be visible, beyond the one checkpoint it always
         * waits: the {@code checkpoints} its file waits to be merged (the merge itself runs after the last
         * of them and is committed with the next one).
         */
        public Duration extraDelay(Duration checkpointInterval) {
            return checkpointInterval.multipliedBy(checkpoints);
        }
    }

    public enum StateBackend {
        HASHMAP,
        ROCKSDB
    }

    public record FaultTolerance(
            Duration checkpointInterval,
            Duration checkpointTimeout,
            Duration minPause,
            int tolerableFailures,
            String checkpointDir,
            String savepointDir,
            StateBackend stateBackend,
            int restartAttempts,
            Duration restartDelay,
            Duration restartMaxDelay,
            Duration restartResetAfter,
            Duration transactionTimeout)
            implements Serializable {
        /** Time allowed to restart and recover a job before its pending transactions are committed. */
        public static final Duration RECOVERY_MARGIN = Duration.ofMinutes(1);

        /**
         * The longest a sink transaction can stay open before its commit: it is committed when the next
         * checkpoint completes, and up to {@code tolerableFailures} checkpoints may fail (each taking at
         * most its timeout, then the minimum pause) before one completes; then a restart may come first.
         */
        public Duration worstCaseTransactionLife() {
            Duration perAttempt = checkpointTimeout.plus(minPause);
            if (checkpointInterval.compareTo(perAttempt) > 0) {
                perAttempt = checkpointInterval;
            }
            return perAttempt
                    .multipliedBy(tolerableFailures + 1L)
                    .plus(restartMaxDelay)
                    .plus(RECOVERY_MARGIN);
        }
    }

    /**
     * What the {@code ops} commands need beyond the job's own settings: the cluster's REST API, how long
     * they wait, the job jar they submit, and how many snapshots of a deployment are kept on disk.
     */
    public record Operations(URI flinkRest, Duration timeout, String jobJar, int snapshotsRetained)
            implements Serializable {}

    /** Class loading makes the default bounds once, on first use, thread-safe. */
    private static final class DefaultLimits {
        static final Limits LIMITS = defaults().limits();
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
        for (String key :
                List.of("sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password")) {
            String value = v.string("kafka." + key);
            if (!value.isEmpty()) {
                security.put(key, value);
            }
        }
        if (protocol.startsWith("SASL") && !security.containsKey("sasl.jaas.config")) {
            throw new ConfigException(
                    "kafka.security.protocol is " + protocol
                            + " but kafka.sasl.jaas.config is empty: set it (best through the environment variable KAFKA_SASL_JAAS_CONFIG)");
        }
        if (security.containsKey("sasl.jaas.config")) {
            checkJaasConfig(security.get("sasl.jaas.config"));
        }
        Kafka kafka = new Kafka(
                v.bootstrapServers("kafka.bootstrap.servers"),
                kafkaTimeout(v, "kafka.startup-timeout"),
                Map.copyOf(security),
                kafkaTimeout(v, "kafka.transaction-max-timeout"));

        int partitions = v.integer("topic.partitions", 1, 10_000);
        Topics topics = new Topics(
                v.topic("topic.tracks"),
                v.topic("topic.tickets"),
                v.topic("topic.dead-letters"),
                partitions,
                (short) v.integer("topic.replication-factor", 1, Short.MAX_VALUE),
                v.duration("topic.retention", false));

        Routing routing = routing(raw, v);

        Job job = new Job(
                v.nonEmpty("job.name"),
                v.integer("job.parallelism", 1, 1024),
                v.integer("job.max-parallelism", 1, 32_768),
                v.nonEmpty("job.group-id"),
                StartFrom.valueOf(
                        v.oneOf("job.start-from", "earliest", "latest").toUpperCase(Locale.ROOT)),
                v.bool("job.bounded"));
        if (job.parallelism() > job.maxParallelism()) {
            throw new ConfigException("job.parallelism (" + job.parallelism()
                    + ") must not exceed job.max-parallelism (" + job.maxParallelism() + ")");
        }

        EventTime eventTime = new EventTime(
                v.duration("window.tracks.size", false),
                v.duration("window.tickets.size", false),
                v.duration("watermark.out-of-orderness", true),
                v.duration("watermark.idleness", false),
                v.duration("window.allowed-lateness", true),
                v.duration(EventTime.GUARD_RETENTION, false));
        Duration largerWindow = eventTime.tracksWindow().compareTo(eventTime.ticketsWindow()) >= 0
                ? eventTime.tracksWindow()
                : eventTime.ticketsWindow();
        if (eventTime.guardRetention().compareTo(largerWindow.multipliedBy(2)) < 0) {
            throw new ConfigException(EventTime.GUARD_RETENTION + " (" + raw.get(EventTime.GUARD_RETENTION)
                    + ") must be at least twice the larger window size (" + formatDuration(largerWindow)
                    + "): a key's last window must still be remembered when its next one is emitted");
        }

        Tickets tickets =
                // no longer than a keyword can be: above it, no word was ever a keyword, without a word said
                new Tickets(
                        v.integer("keywords.min-length", 1, Tickets.MAX_KEYWORD_LENGTH),
                        v.integer("keywords.max-per-ticket", 1, 10_000));
        Limits limits = limits(v);
        checkWindowsAhead(raw, limits, "window.tracks.size", eventTime.tracksWindow());
        checkWindowsAhead(raw, limits, "window.tickets.size", eventTime.ticketsWindow());
        Compaction compaction = new Compaction(
                v.integer(Compaction.CHECKPOINTS, 0, 100_000),
                v.longInteger(Compaction.THRESHOLD_BYTES, 0, Long.MAX_VALUE / 2));
        checkCompactedOutputPath(raw.get("output.dir"), compaction);

        FaultTolerance faultTolerance = new FaultTolerance(
                checkpointDuration(v, "checkpoint.interval"),
                checkpointDuration(v, "checkpoint.timeout"),
                v.duration("checkpoint.min-pause", true),
                v.integer("checkpoint.tolerable-failures", 0, 1_000),
                v.directory("checkpoint.dir"),
                v.directory("savepoint.dir"),
                StateBackend.valueOf(
                        v.oneOf("state.backend", "hashmap", "rocksdb").toUpperCase(Locale.ROOT)),
                v.integer("restart.attempts", 0, 1_000_000),
                v.duration("restart.delay", false),
                v.duration("restart.max-delay", true),
                v.duration("restart.reset-after", false),
                kafkaTimeout(v, "sink.transaction-timeout"));
        checkTransactionTimeout(raw, kafka, faultTolerance);
        checkRestoreSettings(raw.withPrefix("flink."));
        if (faultTolerance.restartMaxDelay().compareTo(faultTolerance.restartDelay()) < 0) {
            throw new ConfigException("restart.max-delay (" + raw.get("restart.max-delay")
                    + ") must not be shorter than restart.delay (" + raw.get("restart.delay") + ")");
        }

        return new PipelineConfig(
                kafka,
                topics,
                routing,
                job,
                eventTime,
                tickets,
                limits,
                v.directory("output.dir"),
                compaction,
                faultTolerance,
                v.integer("local.web-ui.port", 0, 65_535),
                Map.copyOf(raw.withPrefix("flink.")),
                v.directory("local.dir"),
                new Operations(
                        v.httpUrl("ops.flink-rest"),
                        v.duration("ops.timeout", false),
                        v.notEmptyFlag("ops.job-jar"),
                        v.integer("snapshots.retained", 1, 1_000)));
    }

    /** Characters a URI path escapes: Flink 2.2's compaction reads such a file path back escaped once more. */
    private static final Pattern ESCAPED_IN_A_URI = Pattern.compile("[\\s%\"<>\\\\^`{|}\\p{Cntrl}]");

    /**
     * Flink 2.2's file compaction writes the path of each file to merge as a URI and reads it back as a
     * path, escaped once more at every round: with a space in the output folder ("/home/me/my checkout")
     * the merge looked for ".../my%2520checkout/..." and failed, and the job restarted after every 30
     * checkpoints without committing a window (seen on the local run).
     */
    static void checkCompactedOutputPath(String outputDir, Compaction compaction) {
        if (outputDir == null || !compaction.enabled()) {
            return;
        }
        // an object store (s3://, gs://, hdfs://) has no local path: its keys are not read back through one
        String local = Snapshots.localPath(outputDir).map(Path::toString).orElse(null);
        if (local == null) {
            return;
        }
        String absolute = Path.of(local).toAbsolutePath().normalize().toString();
        Matcher escaped = ESCAPED_IN_A_URI.matcher(absolute);
        if (escaped.find()) {
            throw new ConfigException("output.dir " + absolute + " holds a character that a URI escapes ('"
                    + escaped.group().replace("\t", "\\t") + "'), which Flink 2.2's file compaction ("
                    + Compaction.CHECKPOINTS + " " + compaction.checkpoints() + ") cannot read back: put the"
                    + " output in a folder whose path has none (--output.dir, OUTPUT_DIR), or turn compaction"
                    + " off with --" + Compaction.CHECKPOINTS + " 0");
        }
    }

    /** Flink's keys for who owns the snapshot a job is restored from (the second one deprecated). */
    static final List<String> CLAIM_MODE_KEYS =
            List.of("execution.state-recovery.claim-mode", "execution.savepoint-restore-mode");

    /**
     * The Flink restore settings the snapshot handling here relies on. The local run and ops know the
     * snapshot to resume by its current key only: under the former one it was overridden by the newest
     * snapshot, and could be pruned. A job that claims the snapshot it is restored from may keep referring
     * to that earlier job's folder in its incremental checkpoints, and retention (snapshots.retained)
     * deletes earlier jobs' folders: only NO_CLAIM, Flink's default, where the first checkpoint after a
     * restore is a full one, is safe here.
     */
    private static void checkRestoreSettings(Map<String, String> flinkOverrides) {
        if (flinkOverrides.containsKey("execution.savepoint.path")) {
            throw new ConfigException("flink.execution.savepoint.path is the former name of"
                    + " flink.execution.state-recovery.path: pass --flink.execution.state-recovery.path "
                    + RawConfig.withoutCredentials(flinkOverrides.get("execution.savepoint.path")));
        }
        for (String key : CLAIM_MODE_KEYS) {
            String mode = flinkOverrides.get(key);
            if (mode != null && !mode.equalsIgnoreCase("NO_CLAIM")) {
                throw new ConfigException("flink." + key + " is " + mode + ", but only NO_CLAIM (the default) is"
                        + " supported: retention (snapshots.retained) deletes earlier jobs' checkpoint folders,"
                        + " which a job that claims its restored snapshot may keep referring to. Leave it unset");
            }
        }
    }

    private static Limits limits(Values v) {
        Limits limits = new Limits(
                v.integer(Limits.RECORD_BYTES, 1024, Integer.MAX_VALUE),
                v.integer(Limits.ID_CHARS, 1, 100_000),
                v.integer(Limits.NAME_CHARS, 1, 1_000_000),
                v.integer(Limits.ARTISTS_PER_TRACK, 1, 100_000),
                v.integer(Limits.GENRE_CHARS, 1, 100_000),
                v.integer(Limits.TICKET_TYPE_CHARS, 1, 100_000),
                v.integer(Limits.CHANNEL_CHARS, 1, 100_000),
                v.integer(Limits.SUBJECT_CHARS, 1, Integer.MAX_VALUE),
                v.integer(Limits.DESCRIPTION_CHARS, 1, Integer.MAX_VALUE),
                v.longInteger(Limits.DURATION_MS, 1, Long.MAX_VALUE / 2),
                v.decimal(Limits.TEMPO, 0, 1e6),
                v.decimal(Limits.LOUDNESS_MIN, -1e6, 1e6),
                v.decimal(Limits.LOUDNESS_MAX, -1e6, 1e6),
                eventTimeMin(v),
                v.duration(Limits.EVENT_TIME_AHEAD, true),
                v.integer(Limits.SINK_RECORD_BYTES, 1024, Integer.MAX_VALUE),
                v.integer(Limits.FILE_ROW_BYTES, 1024, Limits.MAX_FILE_ROW_BYTES));
        if (limits.minLoudness() > limits.maxLoudness()) {
            throw new ConfigException(Limits.LOUDNESS_MIN + " (" + limits.minLoudness() + ") must not be above "
                    + Limits.LOUDNESS_MAX + " (" + limits.maxLoudness() + ")");
        }
        return limits;
    }

    /** The windows a drain can emit ahead of the clock, per key, must fit in what the guard keeps. */
    private static void checkWindowsAhead(RawConfig raw, Limits limits, String windowKey, Duration size) {
        // the windows ending after the clock, up to max-ahead: the ratio, and one partial at each side
        long windowsAhead = limits.maxEventTimeAhead().toMillis() / size.toMillis() + 2;
        if (windowsAhead > EventTime.MAX_WINDOWS_AHEAD) {
            throw new ConfigException(Limits.EVENT_TIME_AHEAD + " (" + raw.get(Limits.EVENT_TIME_AHEAD) + ") spans "
                    + windowsAhead + " windows of " + windowKey + " (" + raw.get(windowKey) + "): the job remembers"
                    + " at most " + EventTime.MAX_WINDOWS_AHEAD + " windows ahead of the clock per key. Lower the"
                    + " one or raise the other.");
        }
    }

    /** Window ends are positive: the guard against a second row takes 0 for "none emitted yet". */
    private static long eventTimeMin(Values v) {
        java.time.Instant min = v.instant(Limits.EVENT_TIME_MIN);
        if (min.isBefore(java.time.Instant.EPOCH)) {
            throw new ConfigException(Limits.EVENT_TIME_MIN + " (" + min + ") must not be before 1970-01-01T00:00:00Z");
        }
        // also keeps toEpochMilli below its overflow: Instant.parse reads years up to a billion
        if (min.isAfter(java.time.Instant.now())) {
            throw new ConfigException(Limits.EVENT_TIME_MIN + " (" + min + ") must not be after the clock ("
                    + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "): only records dated ahead of the clock would pass");
        }
        return min.toEpochMilli();
    }

    /**
     * Kafka's own parser would name the part of a JAAS configuration it cannot read in its message, and
     * that message ends up in logs and on terminals: a password or a token with it. So the value is parsed
     * here, by the same parser, and refused without a word of it.
     */
    private static void checkJaasConfig(String jaasConfig) {
        try {
            JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaasConfig)));
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "kafka.sasl.jaas.config is not a valid JAAS configuration (its value is a secret"
                            + " and is not shown): expected one login module, as in"
                            + " org.apache.kafka.common.security.plain.PlainLoginModule required username=\"…\" password=\"…\";");
        }
    }

    /**
     * A transaction that expires before its commit is dropped by Kafka: its records are lost from the
     * team and dead-letter topics while the Parquet datasets keep them. So the timeout must outlive the
     * worst case of checkpoints, tolerated failures and a restart, and the broker must accept it.
     */
    private static void checkTransactionTimeout(RawConfig raw, Kafka kafka, FaultTolerance ft) {
        Duration needed = ft.worstCaseTransactionLife();
        if (ft.transactionTimeout().compareTo(needed) < 0) {
            throw new ConfigException("sink.transaction-timeout (" + raw.get("sink.transaction-timeout")
                    + ") is shorter than the longest a transaction can stay open before its commit, "
                    + format(needed) + ": (checkpoint.tolerable-failures " + ft.tolerableFailures()
                    + " + 1) x max(checkpoint.interval " + raw.get("checkpoint.interval") + ", checkpoint.timeout "
                    + raw.get("checkpoint.timeout") + " + checkpoint.min-pause " + raw.get("checkpoint.min-pause")
                    + ") + restart.max-delay " + raw.get("restart.max-delay") + " + "
                    + format(FaultTolerance.RECOVERY_MARGIN) + " to recover. Raise sink.transaction-timeout "
                    + "or lower those settings, or a commit could come after Kafka dropped the transaction");
        }
        if (ft.transactionTimeout().compareTo(kafka.transactionMaxTimeout()) > 0) {
            throw new ConfigException("sink.transaction-timeout (" + raw.get("sink.transaction-timeout")
                    + ") is above the brokers' transaction.max.timeout.ms (kafka.transaction-max-timeout = "
                    + raw.get("kafka.transaction-max-timeout") + "): the exactly-once sinks would be refused");
        }
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + "min" : s >= 60 ? s / 60 + "min " + s % 60 + "s" : s + "s";
    }

    private static Routing routing(RawConfig raw, Values v) {
        Map<String, String> teamTopics = new LinkedHashMap<>();
        for (String team : v.list("teams")) {
            String key = "team." + team + ".topic";
            if (!raw.contains(key)) {
                throw new ConfigException(
                        "Team '" + team + "' (from " + raw.origin("teams") + ") has no topic: set " + key);
            }
            teamTopics.put(team, v.topic(key));
        }
        if (teamTopics.isEmpty()) {
            throw new ConfigException("teams is empty: at least one team is needed to route tickets");
        }
        refuseTransactionalIdOverlap(teamTopics);
        for (String team : raw.withPrefix("team.").keySet()) {
            String name = team.substring(0, team.length() - ".topic".length());
            if (!teamTopics.containsKey(name)) {
                throw new ConfigException("team." + team + " (from " + raw.origin("team." + team) + ") names team '"
                        + name + "', which is not in teams (" + raw.get("teams") + ")");
            }
        }
        Map<String, String> typeToTeam = new LinkedHashMap<>();
        // the key that set each type's team: spellings of one type (case, '-', '_', space) are one key
        Map<String, String> typeKeys = new HashMap<>();
        raw.withPrefix("routing.type.").forEach((type, team) -> {
            String key = "routing.type." + type;
            if (!teamTopics.containsKey(team.trim())) {
                throw new ConfigException("Invalid value '" + team + "' for '" + key + "' (from " + raw.origin(key)
                        + "): expected one of the teams " + teamTopics.keySet());
            }
            String normalised = Routing.normaliseType(type);
            String earlier = typeKeys.get(normalised);
            if (earlier != null) {
                if (raw.chosen(earlier) && !raw.chosen(key)) {
                    return; // a bundled default, which the chosen spelling overrides
                }
                if (raw.chosen(earlier) == raw.chosen(key)
                        && !typeToTeam.get(normalised).equals(team.trim())) {
                    throw new ConfigException(key + " (from " + raw.origin(key) + ") and " + earlier + " (from "
                            + raw.origin(earlier) + ") route the same ticket type to different teams ('"
                            + team.trim() + "' and '" + typeToTeam.get(normalised)
                            + "'): case, '-', '_' and spaces do not matter in a type; keep one of them");
                }
            }
            typeKeys.put(normalised, key);
            typeToTeam.put(normalised, team.trim());
        });
        String defaultTeam = v.nonEmpty("routing.default-team");
        if (!teamTopics.containsKey(defaultTeam)) {
            throw new ConfigException("Invalid value '" + defaultTeam + "' for 'routing.default-team' (from "
                    + raw.origin("routing.default-team") + "): expected one of the teams " + teamTopics.keySet());
        }
        return new Routing(
                Collections.unmodifiableMap(teamTopics), Collections.unmodifiableMap(typeToTeam), defaultTeam);
    }

    /**
     * Each team's sink aborts, at its start, the open transactions on its topic whose id starts with its
     * prefix ({@code <job.name>-team-<team>}): Kafka's connector matches the bare prefix, so with a topic
     * shared by {@code support} and {@code support_general}, the first would abort the second's
     * transactions waiting for their commit, and lose their tickets.
     */
    private static void refuseTransactionalIdOverlap(Map<String, String> teamTopics) {
        for (Map.Entry<String, String> a : teamTopics.entrySet()) {
            for (Map.Entry<String, String> b : teamTopics.entrySet()) {
                if (!a.getKey().equals(b.getKey())
                        && b.getKey().startsWith(a.getKey())
                        && a.getValue().equals(b.getValue())) {
                    throw new ConfigException("Teams '" + a.getKey() + "' and '" + b.getKey() + "' share the topic "
                            + a.getValue() + ", and the first name starts the second: at a restart, the sink of '"
                            + a.getKey() + "' would abort the transactions of '" + b.getKey() + "' (its transactional"
                            + " ids start with the same prefix). Give them different topics, or rename one");
                }
            }
        }
    }

    /** Parses raw strings, naming the key and its origin in every error. */
    private static final class Values {
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|sec|min|m|h|d)");
        private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
        /** As Kafka's clients read an address: an optional scheme, a host (up to the last ':'), a port. */
        private static final Pattern BOOTSTRAP_SERVER =
                Pattern.compile("(?:[A-Za-z][A-Za-z0-9+._-]*://)?[^\\s,/]+:(\\d{1,5})");

        private final RawConfig raw;

        Values(RawConfig raw) {
            this.raw = raw;
        }

        String string(String key) {
            return raw.get(key).trim();
        }

        /**
         * A folder: a local path or a URI (s3://...). A local one that exists must be a directory: a file
         * there would fail every write of the job, and the local run's --fresh would delete it.
         */
        String directory(String key) {
            String value = nonEmpty(key);
            Optional<Path> local = Snapshots.localPath(value);
            if (local.isPresent() && Files.exists(local.get()) && !Files.isDirectory(local.get())) {
                throw new ConfigException(key + " " + RawConfig.withoutCredentials(value) + " (from " + raw.origin(key)
                        + ") is a file, not a directory: give it a folder of its own");
            }
            return value;
        }

        /** A key whose empty default means "the usual one": given empty as a flag ("$UNSET") it is a mistake. */
        String notEmptyFlag(String key) {
            String value = string(key);
            if (value.isEmpty() && raw.origin(key).startsWith("--")) {
                throw invalid(key, value, "a non-empty value (leave the flag out for the default)");
            }
            return value;
        }

        String nonEmpty(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                throw invalid(key, value, "a non-empty value");
            }
            return value;
        }

        /** {@code host:port[,host:port…]}, as Kafka's clients take it; a name is not resolved here. */
        String bootstrapServers(String key) {
            String value = nonEmpty(key);
            List<String> servers = Arrays.stream(value.split(","))
                    .filter(server -> !server.isBlank()) // Kafka skips empty entries too
                    .map(String::trim)
                    .toList();
            if (servers.stream().anyMatch(server -> server.contains("@"))) {
                // not even masked: the part before '@' may be all password
                throw new ConfigException("Invalid value for '" + key + "' (from " + raw.origin(key)
                        + "): a broker address with a user or password in it (Kafka's clients take host:port"
                        + " only); give credentials with kafka.sasl.jaas.config");
            }
            if (servers.isEmpty() || !servers.stream().allMatch(Values::bootstrapServer)) {
                throw invalid(key, value, "host:port pairs separated by commas, with ports from 1 to 65535");
            }
            return value;
        }

        private static boolean bootstrapServer(String server) {
            Matcher m = BOOTSTRAP_SERVER.matcher(server);
            return m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= 65_535;
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

        long longInteger(String key, long min, long max) {
            String value = string(key);
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // the error below names the key
            }
            throw invalid(key, value, "a whole number from " + min + " to " + max);
        }

        double decimal(String key, double min, double max) {
            String value = string(key);
            try {
                double parsed = Double.parseDouble(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // the error below names the key
            }
            throw invalid(key, value, "a number from " + min + " to " + max);
        }

        URI httpUrl(String key) {
            String value = nonEmpty(key);
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // the error below names the key
            }
            throw invalid(key, value, "an http:// or https:// URL such as http://localhost:8081");
        }

        java.time.Instant instant(String key) {
            String value = string(key);
            try {
                return java.time.Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(key, value, "an ISO-8601 instant such as 2000-01-01T00:00:00Z");
            }
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

        /**
         * A duration from {@code min} to {@code max}, for a setting another library takes within bounds
         * of its own (Kafka's timeouts are int milliseconds, Flink's checkpoints at least 10 ms apart):
         * refused here, naming the key, rather than by that library when the job starts.
         */
        Duration duration(String key, Duration min, Duration max, String why) {
            Duration parsed = parseDuration(string(key));
            if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw invalid(
                        key,
                        string(key),
                        "a duration from " + formatDuration(min) + " to " + formatDuration(max) + " (" + why + ")");
            }
            return parsed;
        }

        Duration duration(String key, boolean zeroAllowed) {
            String value = string(key);
            Duration parsed = parseDuration(value);
            if (parsed == null || (!zeroAllowed && parsed.isZero())) {
                throw invalid(
                        key,
                        value,
                        (zeroAllowed ? "" : "a positive ") + "duration such as 500ms, 30s, 5min, 2h or 7d, at most "
                                + MAX_DURATION);
            }
            return parsed;
        }

        private ConfigException invalid(String key, String value, String expected) {
            String shown = RawConfig.isSecret(key) ? RawConfig.MASK : RawConfig.withoutCredentials(value);
            return new ConfigException("Invalid value '" + shown + "' for '" + key + "' (from " + raw.origin(key)
                    + "): expected " + expected);
        }
    }

    /** The duration as {@link #parseDuration} reads it, in its largest whole unit: 90s, 5min, 2h, 1500ms. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "min", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    /**
     * The longest duration a setting takes: far below what a long counts in nanoseconds (292 years), so that
     * {@code System.nanoTime()} plus it, a deadline, cannot overflow either.
     */
    public static final String MAX_DURATION = "3650d (10 years)";

    /** The longest duration a setting passed to Kafka in int milliseconds may have (2^31 ms is 24.8 days). */
    private static final Duration KAFKA_TIMEOUT_MAX = Duration.ofDays(24);

    /** A timeout Kafka is given in int milliseconds. */
    private static Duration kafkaTimeout(Values v, String key) {
        return v.duration(key, Duration.ofMillis(1), KAFKA_TIMEOUT_MAX, "Kafka takes it in int milliseconds");
    }

    /** A checkpoint interval or timeout: Flink refuses less than 10 ms. */
    private static Duration checkpointDuration(Values v, String key) {
        return v.duration(key, Duration.ofMillis(10), LONGEST_DURATION, "Flink's minimum for checkpoints");
    }

    private static final Duration LONGEST_DURATION = Duration.ofDays(3650);

    /**
     * 500ms, 30s, 5min (or 5m), 2h, 7d; null when the text is not such a duration, or one too long to be
     * taken as a deadline ({@value #MAX_DURATION}).
     */
    public static Duration parseDuration(String text) {
        Matcher m = Values.DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        try {
            long amount = Long.parseLong(m.group(1));
            Duration parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s", "sec" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> null;
            };
            if (parsed != null) {
                // what every user of a duration needs it in: a sleep, a timeout, a System.nanoTime deadline
                // (--progress-interval 200000d failed there, after Kafka was asked)
                parsed.toNanos();
                if (parsed.compareTo(LONGEST_DURATION) > 0) {
                    return null;
                }
            }
            return parsed;
        } catch (NumberFormatException | ArithmeticException tooLong) {
            return null;
        }
    }
}
