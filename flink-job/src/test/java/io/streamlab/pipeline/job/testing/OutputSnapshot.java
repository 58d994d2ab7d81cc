package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;

/**
 * Every committed row of every dataset of an output directory, keyed by what makes a row unique (window
 * and key, ticket id, dead letter source offset), so that two runs can be compared exactly: a missing,
 * extra, doubled or different row is named in the failure.
 *
 * <p>Columns that hold the processing time ({@code processed_at}, {@code detected_at}) differ from run to
 * run by nature and are set to 0. Doubles are compared within 1e-9 ({@link Rows#close}): averages summed
 * in another order (a recovered run reads partitions in another interleaving) differ in the last bits.
 */
public final class OutputSnapshot {

    /** A dataset: its row type, the key of a row, and the processing-time columns to blank. */
    private record Dataset<T extends Record>(
            String name, Class<T> type, Function<T, String> key, List<String> processingTimeColumns) {}

    private static final List<Dataset<?>> DATASETS = List.of(
            new Dataset<>("genre_stats", GenreStats.class, g -> g.windowStart() + "|" + g.genre(), List.of()),
            new Dataset<>("artist_stats", ArtistStats.class, a -> a.windowStart() + "|" + a.artist(), List.of()),
            new Dataset<>("tracks_summary", TracksSummary.class, s -> Long.toString(s.windowStart()), List.of()),
            new Dataset<>("tickets_enriched", EnrichedTicket.class, EnrichedTicket::ticketId, List.of("processed_at")),
            new Dataset<>("stats_by_type", TypeStats.class, s -> s.windowStart() + "|" + s.type(), List.of()),
            new Dataset<>("stats_by_team", TeamStats.class, s -> s.windowStart() + "|" + s.team(), List.of()),
            new Dataset<>("word_frequency", WordCount.class, w -> w.windowStart() + "|" + w.word(), List.of()),
            new Dataset<>(
                    "dead_letters",
                    DeadLetter.class,
                    // what a window found late has no single source record (LateAtWindows): its reason and
                    // raw value (window, key, partial) tell it apart. A partial depends on where checkpoints
                    // cut it, so runs that both have such dead letters compare only if cut alike; the
                    // recovery scenarios have none (no partition goes idle there)
                    d -> d.partition() < 0
                            ? d.sourceTopic() + "/-1/" + d.reason() + "|" + d.raw()
                            : d.sourceTopic() + "/" + d.partition() + "/" + d.offset(),
                    List.of("detected_at")));

    /** The names of the datasets a snapshot holds: every dataset of the contract. */
    public static final List<String> DATASET_NAMES =
            DATASETS.stream().map(Dataset::name).toList();

    private final Path outputDir;
    private final Map<String, Map<String, Record>> rows;
    private final Map<String, List<String>> duplicates;

    private OutputSnapshot(
            Path outputDir, Map<String, Map<String, Record>> rows, Map<String, List<String>> duplicates) {
        this.outputDir = outputDir;
        this.rows = rows;
        this.duplicates = duplicates;
    }

    /** Reads the committed part files of every dataset (hidden in-progress files are ignored, as readers do). */
    public static OutputSnapshot of(Path outputDir) {
        Map<String, Map<String, Record>> rows = new LinkedHashMap<>();
        Map<String, List<String>> duplicates = new LinkedHashMap<>();
        for (Dataset<?> dataset : DATASETS) {
            read(outputDir, dataset, rows, duplicates);
        }
        return new OutputSnapshot(outputDir, rows, duplicates);
    }

    private static <T extends Record> void read(
            Path outputDir,
            Dataset<T> dataset,
            Map<String, Map<String, Record>> rows,
            Map<String, List<String>> duplicates) {
        Map<String, Record> byKey = new TreeMap<>();
        List<String> doubled = new ArrayList<>();
        for (GenericRecord row : ParquetDatasets.read(outputDir, dataset.name())) {
            dataset.processingTimeColumns().forEach(column -> row.put(column, 0L));
            T value = Rows.as(row, dataset.type());
            String key = dataset.key().apply(value);
            if (byKey.put(key, value) != null) {
                doubled.add(key);
            }
        }
        rows.put(dataset.name(), byKey);
        duplicates.put(dataset.name(), doubled);
    }

    /** The rows of one dataset by key. */
    public Map<String, Record> rows(String dataset) {
        return rows.get(dataset);
    }

    public int size(String dataset) {
        return rows.get(dataset).size();
    }

    /** Rows of a windowed dataset whose window starts at or after {@code windowStart}. */
    public long rowsFromWindow(String dataset, long windowStart) {
        return rows.get(dataset).keySet().stream()
                .filter(k -> Long.parseLong(k.split("\\|", 2)[0]) >= windowStart)
                .count();
    }

    /** No key appears twice in any dataset: nothing was written twice. */
    public void assertNoDuplicates() {
        Map<String, List<String>> found = new TreeMap<>();
        duplicates.forEach((dataset, keys) -> {
            if (!keys.isEmpty()) {
                found.put(dataset, keys.subList(0, Math.min(10, keys.size())));
            }
        });
        if (!found.isEmpty()) {
            throw new AssertionError("Rows written twice in " + outputDir + " (dataset -> first keys): " + found);
        }
    }

    /**
     * Every dataset holds exactly the rows of {@code expected}: same keys, same values, no duplicates.
     * The message lists, per dataset, the missing, unexpected and different rows.
     */
    public void assertSameAs(OutputSnapshot expected) {
        assertSameAs(expected, List.of());
    }

    /** {@link #assertSameAs(OutputSnapshot)} for every dataset but {@code except}. */
    public void assertSameAs(OutputSnapshot expected, List<String> except) {
        expected.assertNoDuplicates();
        assertNoDuplicates();
        List<String> problems = new ArrayList<>();
        for (String dataset : DATASET_NAMES) {
            if (except.contains(dataset)) {
                continue;
            }
            Map<String, Record> want = expected.rows.get(dataset);
            Map<String, Record> got = rows.get(dataset);
            Set<String> missing = new TreeSet<>(want.keySet());
            missing.removeAll(got.keySet());
            Set<String> extra = new TreeSet<>(got.keySet());
            extra.removeAll(want.keySet());
            List<String> different = new ArrayList<>();
            want.forEach((key, value) -> {
                if (got.containsKey(key) && !Rows.close(value, got.get(key))) {
                    different.add(key + ":\n      expected " + value + "\n      but was  " + got.get(key));
                }
            });
            if (!missing.isEmpty() || !extra.isEmpty() || !different.isEmpty()) {
                problems.add(dataset + " (" + want.size() + " rows expected, " + got.size() + " found): "
                        + missing.size() + " missing " + first(missing) + ", " + extra.size() + " unexpected "
                        + first(extra) + ", " + different.size() + " different"
                        + (different.isEmpty() ? "" : "\n    " + String.join("\n    ", first(different))));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Output " + outputDir + " differs from " + expected.outputDir + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** A line per dataset with its row count, for logs. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        rows.forEach(
                (dataset, r) -> s.append(dataset).append('=').append(r.size()).append(' '));
        return s.toString().trim();
    }

    private static List<String> first(Set<String> keys) {
        return first(new ArrayList<>(keys));
    }

    private static List<String> first(List<String> items) {
        return items.subList(0, Math.min(5, items.size()));
    }
}
