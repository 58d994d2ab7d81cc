package io.streamlab.pipeline.insights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Small Parquet datasets laid out as the job writes them ({@code <dataset>/dt=<day>/<dataset>-<n>.parquet}),
 * written by DuckDB from SQL rows, for tests that need exact, hand-checkable figures.
 */
final class ParquetFixtures {
    static final long MINUTE = 60_000;
    static final long T0 = 1_700_000_040_000L;

    private final Path output;
    private int file;

    ParquetFixtures(Path output) {
        this.output = output;
    }

    /** The day folder the fixtures write to unless told another. */
    static final String DAY = "dt=2023-11-14";

    /** One part file to write: its dataset, the SELECT of its rows and its day folder. */
    record Part(String dataset, String select, String day) {
        Part(String dataset, String select) {
            this(dataset, select, DAY);
        }
    }

    /** Writes one committed part file of {@code dataset} from a SELECT. */
    Path write(String dataset, String select) throws Exception {
        return write(List.of(new Part(dataset, select))).get(0);
    }

    /** Writes one committed part file per part, in order, with one DuckDB (thousands of files quickly). */
    List<Path> write(List<Part> parts) throws Exception {
        List<Path> written = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (Part part : parts) {
                Path dir =
                        Files.createDirectories(output.resolve(part.dataset()).resolve(part.day()));
                Path target = dir.resolve(part.dataset() + "-" + (file++) + ".parquet");
                while (Files.exists(target)) { // never overwrite a part file another fixture wrote
                    target = dir.resolve(part.dataset() + "-" + (file++) + ".parquet");
                }
                s.execute("COPY (" + part.select() + ") TO '" + target + "' (FORMAT parquet)");
                written.add(target);
            }
        }
        return written;
    }

    /** A genre_stats row: every 0–1 feature average is {@code feature}, explicit share 0.1. */
    static String genre(int window, String genre, long count, double popularity, double feature) {
        long start = T0 + window * MINUTE;
        return String.format(
                Locale.ROOT,
                "SELECT %d::BIGINT AS window_start, %d::BIGINT AS window_end, '%s' AS genre, "
                        + "%d::BIGINT AS track_count, %s::DOUBLE AS popularity_avg, 0 AS popularity_min, 100 AS popularity_max, "
                        + "%6$s::DOUBLE AS danceability_avg, %6$s::DOUBLE AS energy_avg, -7.5::DOUBLE AS loudness_avg, "
                        + "%6$s::DOUBLE AS speechiness_avg, %6$s::DOUBLE AS acousticness_avg, %6$s::DOUBLE AS instrumentalness_avg, "
                        + "%6$s::DOUBLE AS liveness_avg, %6$s::DOUBLE AS valence_avg, 120.0::DOUBLE AS tempo_avg, "
                        + "200000.0::DOUBLE AS duration_ms_avg, 0.1::DOUBLE AS explicit_share",
                start,
                start + MINUTE,
                text(genre),
                count,
                popularity,
                String.valueOf(feature));
    }

    static String artist(int window, String artist, long count, double popularity) {
        long start = T0 + window * MINUTE;
        return String.format(
                Locale.ROOT,
                "SELECT %d::BIGINT AS window_start, %d::BIGINT AS window_end, '%s' AS artist, "
                        + "%d::BIGINT AS track_count, %s::DOUBLE AS popularity_avg, 90 AS popularity_max, "
                        + "0.5::DOUBLE AS danceability_avg, 0.5::DOUBLE AS energy_avg, 0.5::DOUBLE AS valence_avg, "
                        + "0.5::DOUBLE AS acousticness_avg, 120.0::DOUBLE AS tempo_avg, 1 AS genre_count",
                start,
                start + MINUTE,
                text(artist),
                count,
                popularity);
    }

    static String ticket(String id, String client, String type, String team, int priorityLevel, List<String> keywords) {
        String words = keywords.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", ", "[", "]::VARCHAR[]"));
        String priority = List.of("low", "medium", "high", "critical").get(priorityLevel - 1);
        return String.format(
                Locale.ROOT,
                "SELECT '%s' AS ticket_id, '%s' AS client_id, '2023-11-14T22:14:20Z' AS created_at, "
                        + "'%s' AS type, '%s' AS priority, 'subject' AS subject, 'description' AS description, "
                        + "'email' AS channel, '%s' AS team, %d AS priority_level, %s AS keywords, "
                        + "%d::BIGINT AS processed_at",
                id,
                client,
                type,
                priority,
                team,
                priorityLevel,
                words,
                T0 + id.hashCode() % 1000);
    }

    static String team(int window, String team, long count, long high, long critical) {
        long start = T0 + window * MINUTE;
        return String.format(
                Locale.ROOT,
                "SELECT %d::BIGINT AS window_start, %d::BIGINT AS window_end, '%s' AS team, "
                        + "%d::BIGINT AS ticket_count, 0::BIGINT AS low_count, %d::BIGINT AS medium_count, %d::BIGINT AS high_count, "
                        + "%d::BIGINT AS critical_count",
                start,
                start + MINUTE,
                text(team),
                count,
                count - high - critical,
                high,
                critical);
    }

    static String type(int window, String type, long count, long distinctClients) {
        long start = T0 + window * MINUTE;
        return String.format(
                Locale.ROOT,
                "SELECT %d::BIGINT AS window_start, %d::BIGINT AS window_end, '%s' AS type, "
                        + "%d::BIGINT AS ticket_count, %4$d::BIGINT AS low_count, 0::BIGINT AS medium_count, 0::BIGINT AS high_count, "
                        + "0::BIGINT AS critical_count, %d::BIGINT AS distinct_clients",
                start,
                start + MINUTE,
                text(type),
                count,
                distinctClients);
    }

    static String word(int window, String word, long count) {
        long start = T0 + window * MINUTE;
        return String.format(
                Locale.ROOT,
                "SELECT %d::BIGINT AS window_start, %d::BIGINT AS window_end, '%s' AS word, " + "%d::BIGINT AS count",
                start,
                start + MINUTE,
                text(word),
                count);
    }

    static String deadLetter(String topic, String reason) {
        return String.format(
                Locale.ROOT,
                "SELECT '%s' AS source_topic, 0 AS partition, 1::BIGINT AS \"offset\", "
                        + "'%s' AS reason, '{}' AS raw, %d::BIGINT AS detected_at",
                topic,
                reason.replace("'", "''"),
                T0);
    }

    /** A dead letter read at {@code partition} and {@code offset}, with its category. */
    static String deadLetter(String topic, int partition, long offset, String category, String reason) {
        return "SELECT * REPLACE (" + partition + " AS partition, " + offset + "::BIGINT AS \"offset\") FROM ("
                + deadLetter(topic, category, reason) + ")";
    }

    /** A dead letter of a job that writes the {@code category} column. */
    static String deadLetter(String topic, String category, String reason) {
        return "SELECT *, '" + category + "' AS category FROM (" + deadLetter(topic, reason) + ")";
    }

    /**
     * {@code windows} stats_by_team rows of 1-minute windows, the i-th starting {@code i * stepMinutes}
     * minutes after {@code from}, for team {@code teams[i % teams.size()]} with {@link #ticketsIn(long)}
     * tickets: many windows in one part file, generated by DuckDB.
     */
    static String teamWindows(Instant from, long windows, long stepMinutes, List<String> teams) {
        String names = teams.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ", "[", "]"));
        return String.format(
                Locale.ROOT,
                "SELECT %1$d + i * %2$d AS window_start, %1$d + i * %2$d + %3$d AS window_end, "
                        + "%4$s[i %% %5$d + 1] AS team, (1 + i %% 3)::BIGINT AS ticket_count, 0::BIGINT AS low_count, "
                        + "0::BIGINT AS medium_count, 0::BIGINT AS high_count, 0::BIGINT AS critical_count "
                        + "FROM range(%6$d) t(i)",
                from.toEpochMilli(),
                stepMinutes * MINUTE,
                MINUTE,
                names,
                teams.size(),
                windows);
    }

    /** The tickets of the i-th window of {@link #teamWindows}. */
    static long ticketsIn(long window) {
        return 1 + window % 3;
    }

    /** genre_stats rows as {@link #teamWindows}: one genre per window, {@link #ticketsIn(long)} tracks. */
    static String genreWindows(Instant from, long windows, long stepMinutes) {
        return String.format(
                Locale.ROOT,
                "SELECT * EXCLUDE (i) REPLACE (%1$d + i * %2$d AS window_start, %1$d + i * %2$d + %3$d AS window_end, "
                        + "(1 + i %% 3)::BIGINT AS track_count) FROM (%4$s), range(%5$d) t(i)",
                from.toEpochMilli(),
                stepMinutes * MINUTE,
                MINUTE,
                genre(0, "pop", 1, 50, 0.5),
                windows);
    }

    /** The rows of {@code select}, each {@code times} times. */
    static String times(int times, String select) {
        return "SELECT * EXCLUDE (copy) FROM (" + select + "), range(" + times + ") copies(copy)";
    }

    /** Text inside a SQL string literal. */
    static String text(String value) {
        return value.replace("'", "''");
    }

    static String union(List<String> selects) {
        return String.join(" UNION ALL ", selects);
    }
}
