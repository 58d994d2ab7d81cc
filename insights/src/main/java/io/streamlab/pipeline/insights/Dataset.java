package io.streamlab.pipeline.insights;

import java.util.List;

/**
 * The job's Parquet datasets that the insights read, with the columns they need. The names are the
 * public contract (SPEC.md); a part file without one of these columns was written by an older version
 * of the job.
 */
public enum Dataset {
    GENRE_STATS(
            "genre_stats",
            List.of(
                    "window_start",
                    "window_end",
                    "genre",
                    "track_count",
                    "popularity_avg",
                    "danceability_avg",
                    "energy_avg",
                    "speechiness_avg",
                    "acousticness_avg",
                    "instrumentalness_avg",
                    "liveness_avg",
                    "valence_avg",
                    "loudness_avg",
                    "tempo_avg",
                    "duration_ms_avg",
                    "explicit_share"),
            List.of("window_start", "genre"),
            "track_count"),
    ARTIST_STATS(
            "artist_stats",
            List.of(
                    "window_start",
                    "window_end",
                    "artist",
                    "track_count",
                    "popularity_avg",
                    "popularity_max",
                    "danceability_avg",
                    "energy_avg",
                    "valence_avg"),
            List.of("window_start", "artist"),
            "track_count"),
    TICKETS_ENRICHED(
            "tickets_enriched",
            List.of("ticket_id", "client_id", "type", "team", "priority_level", "keywords", "processed_at"),
            List.of("ticket_id"),
            "processed_at"),
    STATS_BY_TYPE(
            "stats_by_type",
            List.of(
                    "window_start",
                    "window_end",
                    "type",
                    "ticket_count",
                    "low_count",
                    "medium_count",
                    "high_count",
                    "critical_count",
                    "distinct_clients"),
            List.of("window_start", "type"),
            "ticket_count"),
    STATS_BY_TEAM(
            "stats_by_team",
            List.of("window_start", "window_end", "team", "ticket_count"),
            List.of("window_start", "team"),
            "ticket_count"),
    WORD_FREQUENCY(
            "word_frequency",
            List.of("window_start", "window_end", "word", "count"),
            List.of("window_start", "word"),
            "count"),
    /** Written only when a record is rejected: no folder at all means no dead letter, not missing data. */
    DEAD_LETTERS("dead_letters", List.of("source_topic", "reason", "detected_at"), List.of(), null, true);

    private final String folder;
    private final List<String> requiredColumns;
    private final List<String> rowKey;
    private final String preferredRow;
    private final boolean absentMeansNone;

    Dataset(String folder, List<String> requiredColumns, List<String> rowKey, String preferredRow) {
        this(folder, requiredColumns, rowKey, preferredRow, false);
    }

    Dataset(
            String folder,
            List<String> requiredColumns,
            List<String> rowKey,
            String preferredRow,
            boolean absentMeansNone) {
        this.folder = folder;
        this.requiredColumns = requiredColumns;
        this.rowKey = rowKey;
        this.preferredRow = preferredRow;
        this.absentMeansNone = absentMeansNone;
    }

    /**
     * The columns that make a row unique: one row per window and key (one per ticket). The job writes
     * each once; should an output ever hold more (a job version before that guarantee), the insights
     * read one of them, say so, and never sum them.
     */
    public List<String> rowKey() {
        return rowKey;
    }

    /** Of rows repeating a key, the one read: the largest value of this column (the fullest window). */
    public String preferredRow() {
        return preferredRow;
    }

    /** True for a dataset that has rows only when something happened (dead letters): no file is a zero. */
    public boolean absentMeansNone() {
        return absentMeansNone;
    }

    /** The folder under the output directory, and the SQL view name. */
    public String folder() {
        return folder;
    }

    public List<String> requiredColumns() {
        return requiredColumns;
    }
}
