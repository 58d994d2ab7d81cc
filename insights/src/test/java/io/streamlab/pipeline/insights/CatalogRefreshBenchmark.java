package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.artist;
import static io.streamlab.pipeline.insights.ParquetFixtures.deadLetter;
import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.team;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticket;
import static io.streamlab.pipeline.insights.ParquetFixtures.type;
import static io.streamlab.pipeline.insights.ParquetFixtures.union;
import static io.streamlab.pipeline.insights.ParquetFixtures.word;

import io.streamlab.pipeline.datasets.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The live view's refresh over an output of many small committed part files: the first load, a refresh
 * when nothing new was committed, and one after {@code added} new files, each as the time to list the
 * folders and read what is new, and the time of the live view's queries; beside them, the same refresh as
 * the insights did it before, reading every file again (every footer for the column check, every row for
 * the repeated-window check and again for each query). Not part of the test suite (surefire only runs
 * {@code *Test}); run it with
 *
 * <pre>./mvnw -B -o -pl insights -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=CatalogRefreshBenchmark</pre>
 *
 * ({@code -Dbench.files=10000 -Dbench.added=50} are the defaults) and read the table in
 * {@code insights/target/surefire-reports/io.streamlab.pipeline.insights.CatalogRefreshBenchmark-output.txt},
 * or run {@link #main} from an IDE. {@code CatalogRefreshBenchmarkTest} runs the same code on a few files
 * so it keeps working. No figure is checked: the machine decides.
 */
public class CatalogRefreshBenchmark {
    static final int TOP = 5;

    /** The datasets written in turn: one part file of each per window, as the job commits them. */
    static final List<String> DATASETS = List.of(
            "genre_stats",
            "artist_stats",
            "tickets_enriched",
            "stats_by_type",
            "stats_by_team",
            "word_frequency",
            "dead_letters");

    /**
     * One measured step: the committed files, the files it read, and its milliseconds: listing the folders,
     * reading (the column check, the rows, the repeated-window check) and the live view's queries.
     */
    record Row(String step, int files, int filesRead, double listMillis, double readMillis, double queryMillis) {
        double totalMillis() {
            return listMillis + readMillis + queryMillis;
        }
    }

    /** The latest windows the live view shows, as numbers to compare two ways of reading them. */
    record Latest(long windowStart, long tracks, int teams, long deadLetters) {}

    /** The rows of the table; what the live view showed last, read incrementally and the previous way. */
    record Result(List<Row> rows, Latest incremental, Latest previous) {}

    /** Part file {@code i}: dataset {@code i % 7} for window {@code i / 7}, a few rows with realistic columns. */
    static ParquetFixtures.Part part(int i) {
        String dataset = DATASETS.get(i % DATASETS.size());
        int w = i / DATASETS.size();
        String select = switch (dataset) {
            case "genre_stats" ->
                union(IntStream.range(0, 8)
                        .mapToObj(k -> genre(w, "genre" + k, 1 + (w + k) % 9, 40 + k, 0.1 * (k + 1)))
                        .toList());
            case "artist_stats" ->
                union(IntStream.range(0, 8)
                        .mapToObj(k -> artist(w, "artist " + (w * 3 + k) % 500, 1 + k % 3, 50 + k))
                        .toList());
            case "tickets_enriched" ->
                union(IntStream.range(0, 5)
                        .mapToObj(k -> ticket(
                                "T" + w + "-" + k,
                                "c" + (w + k) % 97,
                                List.of("incident", "question", "billing").get(k % 3),
                                List.of("incident", "support_general", "produit")
                                        .get(k % 3),
                                1 + k % 4,
                                List.of("panne", "ecran", "facture").subList(0, 1 + k % 3)))
                        .toList());
            case "stats_by_type" ->
                union(IntStream.range(0, 4)
                        .mapToObj(k -> type(
                                w,
                                List.of("incident", "question", "billing", "feature_request")
                                        .get(k),
                                1 + (w + k) % 5,
                                1))
                        .toList());
            case "stats_by_team" ->
                union(IntStream.range(0, 3)
                        .mapToObj(k -> team(
                                w,
                                List.of("incident", "support_general", "produit")
                                        .get(k),
                                2 + (w + k) % 4,
                                1,
                                0))
                        .toList());
            case "word_frequency" ->
                union(IntStream.range(0, 8)
                        .mapToObj(k -> word(w, "word" + (w + k) % 40, 1 + k % 3))
                        .toList());
            default ->
                union(List.of(
                        deadLetter("spotify-tracks", "out-of-range", "field 'popularity' is out of range: " + w),
                        deadLetter("client_tickets", "late", "late: event time arrived after its window")));
        };
        return new ParquetFixtures.Part(dataset, select);
    }

    /** Parts {@code from} to {@code from + count - 1}. */
    static List<ParquetFixtures.Part> parts(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(CatalogRefreshBenchmark::part)
                .toList();
    }

    /**
     * Writes {@code files} part files into {@code output}, then measures: the first load; {@code passes}
     * refreshes without a new file; {@code passes} refreshes after {@code added} new files each (medians);
     * the previous way, once, over the same files as the last refresh. Prints the table to {@code out}.
     */
    static Result run(Path output, int files, int added, int passes, PrintStream out) throws Exception {
        ParquetFixtures fixtures = new ParquetFixtures(output);
        long start = System.nanoTime();
        fixtures.write(parts(0, files));
        out.printf(
                "(%,d part files written in %.1f s, %,d bytes)%n",
                files, (System.nanoTime() - start) / 1e9, size(output));
        List<Row> rows = new ArrayList<>();
        LiveDashboard.Outputs shown;
        try (ParquetCatalog catalog = ParquetCatalog.create(output)) {
            Timed first = refresh(catalog, output);
            rows.add(first.row("first load"));
            shown = first.outputs();

            List<Timed> idle = new ArrayList<>();
            for (int i = 0; i < passes; i++) {
                idle.add(refresh(catalog, output));
            }
            rows.add(median("refresh, no new file", idle));

            List<Timed> fresh = new ArrayList<>();
            for (int i = 0; i < passes; i++) {
                fixtures.write(parts(files + i * added, added));
                fresh.add(refresh(catalog, output));
            }
            rows.add(median("refresh, " + added + " new files", fresh));
            shown = fresh.isEmpty() ? shown : fresh.get(fresh.size() - 1).outputs();
            out.printf(
                    "(DuckDB holds %.1f MB after the last refresh)%n",
                    catalog.row("SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()")
                                    .path("bytes")
                                    .asLong()
                            / 1e6);
        }
        Previous previous = previous(output);
        rows.add(previous.row());
        print(rows, out);
        return new Result(rows, latest(shown), previous.latest());
    }

    /** One refresh: what it read and showed, and how long the listing and reading, and the queries took. */
    private record Timed(
            int files, int filesRead, long listNanos, long readNanos, long queryNanos, LiveDashboard.Outputs outputs) {
        Row row(String step) {
            return new Row(step, files, filesRead, listNanos / 1e6, readNanos / 1e6, queryNanos / 1e6);
        }
    }

    private static Timed refresh(ParquetCatalog catalog, Path output) {
        long start = System.nanoTime();
        OutputDirectory listing = OutputDirectory.scan(output);
        long listed = System.nanoTime();
        ParquetCatalog.Refresh refresh = catalog.refresh(listing);
        long read = System.nanoTime();
        LiveDashboard.Outputs outputs = LiveDashboard.outputs(catalog, TOP);
        long queried = System.nanoTime();
        return new Timed(
                outputs.committedFiles(), refresh.filesRead(), listed - start, read - listed, queried - read, outputs);
    }

    /** The median time of each part over several refreshes; the files of the last one. */
    private static Row median(String step, List<Timed> timed) {
        Timed last = timed.get(timed.size() - 1);
        return new Row(
                step,
                last.files(),
                last.filesRead(),
                median(timed.stream().mapToLong(Timed::listNanos)),
                median(timed.stream().mapToLong(Timed::readNanos)),
                median(timed.stream().mapToLong(Timed::queryNanos)));
    }

    /** In milliseconds. */
    private static double median(LongStream nanos) {
        long[] sorted = nanos.sorted().toArray();
        return sorted[sorted.length / 2] / 1e6;
    }

    private static Latest latest(LiveDashboard.Outputs outputs) {
        long deadLetters = 0;
        for (var reason : outputs.deadLetterReasons()) {
            deadLetters += reason.path("count").asLong();
        }
        return new Latest(
                outputs.trackWindow().path("window_start").asLong(),
                outputs.trackWindow().path("track_count").asLong(),
                outputs.teamWindow().size(),
                deadLetters);
    }

    private record Previous(Row row, Latest latest) {}

    /**
     * The refresh as the insights did it before the catalog kept what it read: views over every committed
     * file, the column check over every footer, the repeated-window check over every row, then the live
     * view's queries, each reading the files of its view again.
     */
    static Previous previous(Path output) throws SQLException {
        long start = System.nanoTime();
        OutputDirectory listing = OutputDirectory.scan(output);
        long listed = System.nanoTime();
        int files = 0;
        for (Dataset d : Dataset.values()) {
            files += listing.files(d).committed().size();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '1GB'");
            int read = 0;
            for (Dataset dataset : ParquetCatalog.READ) {
                List<Path> committed = listing.files(dataset).committed();
                if (committed.isEmpty()) {
                    continue;
                }
                read += committed.size();
                String fileList = committed.stream()
                        .map(p -> ParquetCatalog.literal(p.toString()))
                        .collect(Collectors.joining(", ", "[", "]"));
                long columns = number(s, "SELECT count(*) FROM parquet_schema(" + fileList + ")");
                String rows = "read_parquet(" + fileList + ", union_by_name = true, hive_partitioning = false)";
                if (!dataset.rowKey().isEmpty()) {
                    String key = String.join(", ", dataset.rowKey());
                    number(
                            s,
                            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT " + key + " FROM " + rows
                                    + ")) FROM " + rows);
                }
                s.execute("CREATE VIEW " + dataset.folder() + " AS SELECT * FROM " + rows);
                sink += columns;
            }
            long loaded = System.nanoTime();
            long windowStart;
            long tracks;
            try (ResultSet r = s.executeQuery(Queries.LATEST_TRACK_WINDOW)) {
                r.next();
                windowStart = r.getLong("window_start");
                tracks = r.getLong("track_count");
            }
            int genres = 0;
            try (PreparedStatement top = c.prepareStatement(Queries.LATEST_WINDOW_TOP_GENRES)) {
                top.setInt(1, TOP);
                try (ResultSet r = top.executeQuery()) {
                    while (r.next()) {
                        genres++;
                    }
                }
            }
            int teams = 0;
            try (ResultSet r = s.executeQuery(Queries.LATEST_TEAM_WINDOW)) {
                while (r.next()) {
                    teams++;
                }
            }
            boolean category = number(
                            s,
                            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'dead_letters' "
                                    + "AND column_name = 'category'")
                    > 0;
            long deadLetters = 0;
            try (ResultSet r = s.executeQuery(Queries.deadLettersByReason(
                    category
                            ? "coalesce(category, " + Queries.CATEGORY_FROM_REASON + ")"
                            : Queries.CATEGORY_FROM_REASON))) {
                while (r.next()) {
                    deadLetters += r.getLong("count");
                }
            }
            sink += genres;
            long queried = System.nanoTime();
            return new Previous(
                    new Row(
                            "previous: every file again",
                            files,
                            read,
                            (listed - start) / 1e6,
                            (loaded - listed) / 1e6,
                            (queried - loaded) / 1e6),
                    new Latest(windowStart, tracks, teams, deadLetters));
        }
    }

    private static long number(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Keeps results from being unused. */
    static volatile long sink;

    static void print(List<Row> rows, PrintStream out) {
        String header = String.format(
                "%-28s | %7s | %7s | %8s | %8s | %10s | %8s",
                "step", "files", "read", "list ms", "read ms", "queries ms", "total ms");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Row row : rows) {
            out.println(String.format(
                    "%-28s | %,7d | %,7d | %,8.0f | %,8.0f | %,10.0f | %,8.0f",
                    row.step(),
                    row.files(),
                    row.filesRead(),
                    row.listMillis(),
                    row.readMillis(),
                    row.queryMillis(),
                    row.totalMillis()));
        }
        out.flush();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    /** {@code -Dbench.files} part files (10,000), {@code -Dbench.added} new ones per refresh (50), 3 passes. */
    public static void main(String[] args) throws Exception {
        int files = Integer.getInteger("bench.files", 10_000);
        int added = Integer.getInteger("bench.added", 50);
        System.out.printf(
                "Live view refresh over %,d committed part files (%d datasets), Java %s, %d cores%n",
                files,
                DATASETS.size(),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Path output = Files.createTempDirectory("catalog-refresh-benchmark");
        try {
            run(output, files, added, 3, System.out);
        } finally {
            delete(output);
        }
    }

    @Test
    void benchmark() throws Exception {
        main(new String[0]);
    }
}
