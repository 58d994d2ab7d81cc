package io.streamlab.pipeline.datasets;

import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Parquet datasets of the job: the one definition of their names, folders and columns, used by the
 * job's sinks, the insights and the tests. A dataset's columns are the components of its row record in
 * snake_case ({@code windowStart} is {@code window_start}), the same names as in the JSON records.
 *
 * <p>{@link GenreStats} and {@link ArtistStats} keep the package they had in the job: the tracks summary
 * window holds them in its state, and Flink names a state type by its class.
 */
public enum Dataset {
    GENRE_STATS("genre_stats", GenreStats.class, List.of("window_start", "genre"), "track_count"),
    ARTIST_STATS("artist_stats", ArtistStats.class, List.of("window_start", "artist"), "track_count"),
    TRACKS_SUMMARY("tracks_summary", TracksSummary.class, List.of("window_start"), "track_count"),
    TICKETS_ENRICHED("tickets_enriched", EnrichedTicket.class, List.of("ticket_id"), "processed_at"),
    STATS_BY_TYPE("stats_by_type", TypeStats.class, List.of("window_start", "type"), "ticket_count"),
    STATS_BY_TEAM("stats_by_team", TeamStats.class, List.of("window_start", "team"), "ticket_count"),
    WORD_FREQUENCY("word_frequency", WordCount.class, List.of("window_start", "word"), "count"),
    /** Written only when a record is rejected: no folder at all means no dead letter, not missing data. */
    DEAD_LETTERS("dead_letters", DeadLetter.class, List.of(), null, true, Set.of("category"));

    private final String folder;
    private final Class<? extends Record> rowType;
    private final List<String> columns;
    private final List<String> rowKey;
    private final String preferredRow;
    private final boolean absentMeansNone;
    private final Set<String> addedColumns;

    Dataset(String folder, Class<? extends Record> rowType, List<String> rowKey, String preferredRow) {
        this(folder, rowType, rowKey, preferredRow, false, Set.of());
    }

    Dataset(
            String folder,
            Class<? extends Record> rowType,
            List<String> rowKey,
            String preferredRow,
            boolean absentMeansNone,
            Set<String> addedColumns) {
        this.folder = folder;
        this.rowType = rowType;
        this.columns = Arrays.stream(rowType.getRecordComponents())
                .map(RecordComponent::getName)
                .map(Dataset::columnName)
                .toList();
        this.rowKey = rowKey;
        this.preferredRow = preferredRow;
        this.absentMeansNone = absentMeansNone;
        this.addedColumns = addedColumns;
        for (String column : rowKey) {
            requireColumn(column);
        }
        if (preferredRow != null) {
            requireColumn(preferredRow);
        }
        addedColumns.forEach(this::requireColumn);
    }

    /** The column of a record component: {@code durationMsAvg} is {@code duration_ms_avg}. */
    public static String columnName(String component) {
        StringBuilder sb = new StringBuilder(component.length() + 4);
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The prefix of the day folders in a dataset's folder ({@code dt=yyyy-MM-dd}): the sinks write each
     * part file under the processing day it was started on.
     */
    public static final String DAY_FOLDER_PREFIX = "dt=";

    private static final Pattern DAY_FOLDER =
            Pattern.compile(Pattern.quote(DAY_FOLDER_PREFIX) + "\\d{4}-\\d{2}-\\d{2}");

    /**
     * Whether {@code name} is a day folder's, {@code dt=yyyy-MM-dd}: another {@code dt=} name (a
     * {@code dt=latest} link) is not a day, and would sort after every one.
     */
    public static boolean isDayFolder(String name) {
        return DAY_FOLDER.matcher(name).matches();
    }

    /** The folder under the output directory, the sink's name, and the insights' SQL view name. */
    public String folder() {
        return folder;
    }

    /** The record one row is written from. */
    public Class<? extends Record> rowType() {
        return rowType;
    }

    /** Every column, in the order of the row record. */
    public List<String> columns() {
        return columns;
    }

    /**
     * The columns every part file has: all but those added after the first release, which part files
     * written before them lack (readers treat them as absent there).
     */
    public List<String> requiredColumns() {
        return columns.stream().filter(c -> !addedColumns.contains(c)).toList();
    }

    /**
     * The columns that make a row unique: one row per window and key (one per ticket). The job writes
     * each once; should an output ever hold more (a job version before that guarantee), readers take one
     * of them and never sum them.
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

    private void requireColumn(String column) {
        if (!columns.contains(column)) {
            throw new IllegalStateException(folder + " has no column " + column + ": " + columns);
        }
    }
}
