package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.datasets.Dataset;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An in-memory DuckDB database with one view per dataset over its committed part files, named as the
 * dataset ({@code genre_stats}, …). Datasets without a committed file have no view and a note saying
 * why; part files without a column the insights need are refused with a message naming them.
 *
 * <p>The catalog reads each committed part file once. Its rows are copied into a table per dataset
 * ({@code genre_stats_rows}, …), which its view reads; {@link #refresh} lists the folders again and loads
 * only the files committed since (a committed file never changes), so the live view's refresh costs a
 * listing plus the new files, not a read of every footer. A file that disappeared means a new run cleared
 * the output: the catalog starts over. A table holds the columns of the {@link Dataset} contract that its
 * files have ({@code NULL} in the rows of older files that lack a later-added one), except the free text
 * no insight reads ({@link #NOT_LOADED}). Tables beyond the memory limit spill to a temporary directory.
 */
public final class ParquetCatalog implements AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The datasets queried: tracks_summary is left out, its figures are those of genre_stats per window. */
    static final Set<Dataset> READ = EnumSet.complementOf(EnumSet.of(Dataset.TRACKS_SUMMARY));

    /**
     * Columns checked in every part file but not loaded: free text that no insight reads and that would
     * be most of the memory the tables take (ticket subjects and descriptions, dead letters' raw values).
     */
    static final Map<Dataset, Set<String>> NOT_LOADED =
            Map.of(Dataset.TICKETS_ENRICHED, Set.of("subject", "description"), Dataset.DEAD_LETTERS, Set.of("raw"));

    /** What one {@link #refresh} did: the part files it read, and whether it dropped what it had first. */
    public record Refresh(int filesRead, boolean startedOver) {}

    /** What the catalog holds of one dataset: the files read, the columns of its table, repeated rows. */
    private static final class Loaded {
        final Set<Path> files = new HashSet<>();
        final Set<String> columns = new LinkedHashSet<>();
        long repeated;
    }

    private final Connection connection;
    private SpillFolder spill;
    private final Path root;
    private final Set<Dataset> read;
    private final Map<Dataset, Loaded> loaded = new EnumMap<>(Dataset.class);
    private OutputDirectory output;
    private List<String> notes = List.of();
    private boolean leaveOutUnreadable;
    /**
     * A committed file left out as unreadable: why, and its size and time as they were (one that changes
     * since is tried again).
     */
    private record LeftOut(String reason, List<Long> sizeAndTime) {}

    /** Committed files left out as unreadable (the live view's catalog only). */
    private final Map<Path, LeftOut> leftOut = new LinkedHashMap<>();

    private ParquetCatalog(Connection connection, Path root, Set<Dataset> read) {
        this.connection = connection;
        this.root = root;
        this.read = read;
    }

    /**
     * Opens the catalog over an output directory and reads its committed part files.
     *
     * @throws InsightsException when nothing is committed yet, or a part file comes from an older job
     */
    public static ParquetCatalog open(OutputDirectory output) {
        if (output.nothingCommitted()) {
            throw new InsightsException(output.nothingCommittedMessage());
        }
        ParquetCatalog catalog = create(output.root());
        try {
            catalog.refresh(output);
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** An empty catalog over the output directory {@code root}, to {@link #refresh} again and again. */
    public static ParquetCatalog create(Path root) {
        return create(root, READ);
    }

    /** As {@link #create(Path)}, reading only {@code datasets} (a view that needs a few). */
    public static ParquetCatalog create(Path root, Set<Dataset> datasets) {
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB did not start: " + e.getMessage(), e);
        }
        ParquetCatalog catalog = new ParquetCatalog(
                connection,
                root.toAbsolutePath().normalize(),
                java.util.Collections.unmodifiableSet(EnumSet.copyOf(datasets)));
        try {
            catalog.execute("SET memory_limit = '1GB'");
            // a folder of its own: DuckDB numbers its spill files the same in every process, and deletes
            // them on close; a live view and a report sharing one folder would read each other's spills
            catalog.spill = SpillFolder.create(Path.of(System.getProperty("java.io.tmpdir")));
            catalog.execute(
                    "SET temp_directory = " + literal(catalog.spill.path().toString()));
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /**
     * A committed file whose footer cannot be read (damaged, cut short, copied back half-way) is left out
     * with a note, and the rest of its dataset and the other datasets are read: for the live view, where one
     * such file hid every dataset, and was read again with everything else at every refresh. The report
     * refuses such a file instead, naming it.
     */
    public ParquetCatalog leavingOutUnreadableFiles() {
        leaveOutUnreadable = true;
        return this;
    }

    /** The files left out as unreadable, with why. */
    public Map<Path, String> leftOut() {
        Map<Path, String> reasons = new LinkedHashMap<>();
        leftOut.forEach((file, why) -> reasons.put(file, why.reason()));
        return reasons;
    }

    /**
     * Brings the catalog up to a new listing of its output directory: reads the part files committed
     * since the last refresh, and only them. When a file read before is no longer listed, the output was
     * cleared (a new bounded run): everything is dropped and read again. After a failure (an {@link
     * InsightsException}: a part file of an older job, or nothing committed any more) the files read so far
     * stay read, those of the failed dataset are not; the catalog answers again after the next refresh.
     *
     * @throws InsightsException when nothing is committed, or a new part file comes from an older job (when
     *     leaving out unreadable files: when no new file of its dataset comes from this one)
     */
    public Refresh refresh(OutputDirectory listing) {
        if (!listing.root().equals(root)) {
            throw new IllegalArgumentException("a listing of " + listing.root() + ", not of " + root);
        }
        // files of day folders older than the listing's were left out of it, not deleted: forgotten, so
        // that what the catalog remembers stays as small as the listing (their rows stay in the tables)
        loaded.forEach((dataset, done) -> {
            Path folder = root.resolve(dataset.folder());
            done.files.removeIf(file -> listing.files(dataset).beforeTheListedDays(folder, file));
        });
        boolean startOver = loaded.entrySet().stream()
                .anyMatch(e -> !new HashSet<>(listing.files(e.getKey()).committed()).containsAll(e.getValue().files));
        if (startOver) {
            forget();
        }
        output = listing;
        notes = List.of();
        // a file no longer listed (an older day, a cleared output) is no longer left out, and one that
        // changed since (a copy that completed) is tried again
        leftOut.keySet()
                .removeIf(file -> read.stream()
                                .noneMatch(d -> listing.files(d).committed().contains(file))
                        || !sizeAndTime(file).equals(leftOut.get(file).sizeAndTime()));
        if (listing.nothingCommitted()) {
            throw new InsightsException(listing.nothingCommittedMessage());
        }
        int read = 0;
        try {
            for (Dataset dataset : this.read) {
                read += load(listing.files(dataset));
            }
        } catch (InsightsException e) {
            throw e;
        } catch (RuntimeException | SQLException e) {
            throw new IllegalStateException("reading " + root + " failed: " + e.getMessage(), e);
        }
        notes = notes(listing);
        return new Refresh(read, startOver);
    }

    /** Reads the committed files of a dataset that were not read yet; returns how many. */
    private int load(OutputDirectory.DatasetFiles files) throws SQLException {
        Dataset dataset = files.dataset();
        Loaded done = loaded.computeIfAbsent(dataset, d -> new Loaded());
        List<Path> fresh = files.committed().stream()
                .filter(f -> !done.files.contains(f) && !leftOut.containsKey(f))
                .toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        Map<String, Map<String, String>> columnsByFile;
        try {
            columnsByFile = columnsByFile(fileList(fresh));
        } catch (SQLException e) {
            if (!leaveOutUnreadable) {
                throw e;
            }
            fresh = fresh.stream().filter(this::footerReadable).toList();
            if (fresh.isEmpty()) {
                return 0;
            }
            columnsByFile = columnsByFile(fileList(fresh));
        }
        if (leaveOutUnreadable) {
            columnsByFile = leaveOutForeignFiles(
                    dataset, columnsByFile, files.committed().size());
            if (columnsByFile.isEmpty()) {
                return 0;
            }
            Set<String> kept = columnsByFile.keySet();
            fresh = fresh.stream().filter(f -> kept.contains(f.toString())).toList();
        }
        checkColumns(dataset, columnsByFile, files.committed().size());
        checkTypes(dataset, columnsByFile);
        // files with the same columns are read together, without union_by_name: DuckDB then binds the
        // read to the first footer, not to every one
        Set<String> notLoaded = NOT_LOADED.getOrDefault(dataset, Set.of());
        Map<List<String>, List<String>> filesByColumns = new LinkedHashMap<>();
        columnsByFile.forEach((file, present) -> filesByColumns
                .computeIfAbsent(
                        dataset.columns().stream()
                                .filter(c -> present.containsKey(c) && !notLoaded.contains(c))
                                .toList(),
                        c -> new ArrayList<>())
                .add(fileLiteral(file)));
        String table = table(dataset);
        Exception failure = null;
        connection.setAutoCommit(false);
        try {
            // the rows of many small files are read in parallel when their order need not be kept
            execute("SET preserve_insertion_order = false");
            for (Map.Entry<List<String>, List<String>> group : filesByColumns.entrySet()) {
                List<String> columns = group.getKey();
                String rows = "SELECT "
                        + columns.stream().map(ParquetCatalog::identifier).collect(Collectors.joining(", "))
                        + " FROM read_parquet([" + String.join(", ", group.getValue())
                        + "], hive_partitioning = false)";
                if (done.columns.isEmpty()) {
                    execute("CREATE TABLE " + table + " AS " + rows);
                } else {
                    for (String column : columns) {
                        if (!done.columns.contains(column)) {
                            // a column added to the contract: NULL in the rows of the files read before
                            String type = rows("DESCRIBE SELECT " + identifier(column) + " FROM (" + rows + ")")
                                    .get(0)
                                    .get("column_type")
                                    .asText();
                            execute("ALTER TABLE " + table + " ADD COLUMN " + identifier(column) + " " + type);
                            done.columns.add(column);
                        }
                    }
                    execute("INSERT INTO " + table + " BY NAME " + rows);
                }
                done.columns.addAll(columns);
            }
            connection.commit();
        } catch (RuntimeException | SQLException e) {
            connection.rollback();
            done.columns.clear();
            done.columns.addAll(columnsOf(table));
            if (!leaveOutUnreadable) {
                throw e;
            }
            failure = e;
        } finally {
            execute("RESET preserve_insertion_order");
            connection.setAutoCommit(true);
        }
        if (failure != null) {
            // a file whose footer reads but whose pages do not (damaged, or a foreign writer's invalid text)
            // failed the read of all: it is left out, and the others are read again without it
            if (!leaveOutFilesWhoseRowsCannotBeRead(columnsByFile.keySet(), fresh)) {
                if (failure instanceof SQLException sql) {
                    throw sql;
                }
                throw (RuntimeException) failure;
            }
            return load(files);
        }
        done.files.addAll(fresh);
        done.repeated = dataset.rowKey().isEmpty() ? 0 : repeatedRows(table, dataset.rowKey());
        if (done.repeated == 0) {
            execute("CREATE OR REPLACE VIEW " + dataset.folder() + " AS SELECT * FROM " + table);
        } else {
            execute("CREATE OR REPLACE VIEW " + dataset.folder() + " AS SELECT * EXCLUDE (row_rank) FROM (SELECT *, "
                    + "row_number() OVER (PARTITION BY " + String.join(", ", dataset.rowKey()) + " ORDER BY "
                    + dataset.preferredRow() + " DESC) AS row_rank FROM " + table + ") WHERE row_rank = 1");
        }
        return fresh.size();
    }

    /**
     * Deletes the rows of {@code dataset} whose {@code timeColumn} (epoch ms: a window's start, a dead
     * letter's detection) is more than {@code span} before its latest: a view of the latest windows that
     * runs for months keeps what it shows, not all it ever read.
     */
    public void keepLatest(Dataset dataset, String timeColumn, java.time.Duration span) {
        Loaded done = loaded.get(dataset);
        if (done == null || !done.columns.contains(timeColumn)) {
            return;
        }
        String table = table(dataset);
        String column = identifier(timeColumn);
        execute("DELETE FROM " + table + " WHERE " + column + " < (SELECT max(" + column + ") FROM " + table + ") - "
                + span.toMillis());
    }

    /** Drops the rows of {@code dataset} whose {@code timeColumn} (epoch milliseconds) is before {@code since}. */
    public void keepSince(Dataset dataset, String timeColumn, long since) {
        Loaded done = loaded.get(dataset);
        if (done == null || !done.columns.contains(timeColumn)) {
            return;
        }
        execute("DELETE FROM " + table(dataset) + " WHERE " + identifier(timeColumn) + " < " + since);
    }

    /** The rows the catalog holds of a dataset it has read (repeated ones included). */
    long rowsHeld(Dataset dataset) {
        return loaded.containsKey(dataset)
                ? rows("SELECT count(*) AS n FROM " + table(dataset))
                        .get(0)
                        .path("n")
                        .asLong()
                : 0;
    }

    /** Why some datasets are left out, and where rows repeat, in the order of the datasets. */
    private List<String> notes(OutputDirectory listing) {
        List<String> notes = new ArrayList<>();
        for (Dataset dataset : read) {
            Path folder = root.resolve(dataset.folder());
            List<Path> unreadable =
                    leftOut.keySet().stream().filter(f -> f.startsWith(folder)).toList();
            if (!unreadable.isEmpty()) {
                notes.add(dataset.folder() + ": " + unreadable.size() + " committed part file(s) cannot be read and"
                        + " are left out (first: " + folder.relativize(unreadable.get(0)) + ": "
                        + leftOut.get(unreadable.get(0)).reason() + ")");
            }
        }
        for (Dataset dataset : read) {
            OutputDirectory.DatasetFiles files = listing.files(dataset);
            if (!files.hasCommitted()) {
                if (dataset.absentMeansNone() && files.notCommitted() == 0) {
                    continue;
                }
                notes.add(dataset.folder() + ": "
                        + (files.notCommitted() > 0
                                ? "no committed part file yet (" + files.notCommitted()
                                        + " in progress or waiting for their merge)"
                                : "no part file")
                        + "; its figures are left out");
            } else if (loaded.get(dataset).repeated > 0) {
                String key = String.join(", ", dataset.rowKey());
                long repeated = loaded.get(dataset).repeated;
                // a ticket is its id: an export that lists a ticket at each update sends it again, and the
                // windows count every record of it where the ticket figures count the ticket
                notes.add(
                        dataset.rowKey().contains("window_start")
                                ? dataset.folder() + ": " + repeated + " row(s) repeat a "
                                        + key.replace("window_start, ", "window and ")
                                        + " already present (written by a job version that could emit a window twice); each"
                                        + " is counted once, with its row of the highest " + dataset.preferredRow()
                                        + ", never summed"
                                : dataset.folder() + ": " + repeated + " row(s) repeat a " + key
                                        + " already present (the"
                                        + " same ticket sent again, such as a help-desk export that lists a ticket at each"
                                        + " update, or read again after a restore from an older snapshot); the ticket"
                                        + " figures count each ticket once, by its row of the highest "
                                        + dataset.preferredRow() + ", while the windows count every record");
            }
        }
        if (read.contains(Dataset.DEAD_LETTERS) && has(Dataset.DEAD_LETTERS)) {
            // input deleted before the job read it is missing from every figure: the one note about the input
            for (JsonNode topic : rows(Queries.deletedUnread(Queries.deadLetterCategory(this)))) {
                long atMost = topic.path("records_at_most").asLong();
                long reports = topic.path("reports").asLong();
                notes.add(topic.path("source_topic").asText() + ": "
                        + (atMost > 0
                                ? "up to " + atMost
                                        + " record(s) were deleted, by the topic's retention, before the job"
                                        + " read them (" + reports + " deleted-unread dead letter(s)): every figure of"
                                        + " this input misses them"
                                : reports + " deleted-unread dead letter(s): a position past its partition's end (the"
                                        + " topic was recreated); see their reasons"));
            }
        }
        return List.copyOf(notes);
    }

    /** Drops every table and view: the next refresh reads every file again. */
    private void forget() {
        for (Dataset dataset : loaded.keySet()) {
            execute("DROP VIEW IF EXISTS " + dataset.folder());
            execute("DROP TABLE IF EXISTS " + table(dataset));
        }
        loaded.clear();
    }

    /** The columns of a table, none when there is no such table. */
    private List<String> columnsOf(String table) {
        List<String> columns = new ArrayList<>();
        rows("SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", table)
                .forEach(c -> columns.add(c.get("column_name").asText()));
        return columns;
    }

    /** The table holding the rows of a dataset's files read so far. */
    private static String table(Dataset dataset) {
        return dataset.folder() + "_rows";
    }

    /** Rows beyond the first for their key. */
    private long repeatedRows(String table, List<String> key) throws SQLException {
        String columns = String.join(", ", key);
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT "
                        + columns + " FROM " + table + ")) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Per file, its columns and their Parquet physical types (nested fields included, by their names). */
    private static List<Long> sizeAndTime(Path file) {
        try {
            return List.of(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String fileList(List<Path> files) {
        return files.stream().map(p -> fileLiteral(p.toString())).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The files of {@code columnsByFile} that have every column the insights read, in the types the job
     * writes; the others are left out with the message the report would refuse them with. When none has
     * them (an output of an older version of the job), all are kept, and the checks say so.
     */
    private Map<String, Map<String, String>> leaveOutForeignFiles(
            Dataset dataset, Map<String, Map<String, String>> columnsByFile, int fileCount) {
        Map<String, Map<String, String>> kept = new LinkedHashMap<>();
        Map<Path, String> foreign = new LinkedHashMap<>();
        columnsByFile.forEach((file, columns) -> {
            try {
                checkColumns(dataset, Map.of(file, columns), fileCount);
                checkTypes(dataset, Map.of(file, columns));
                kept.put(file, columns);
            } catch (InsightsException e) {
                foreign.put(Path.of(file), e.getMessage());
            }
        });
        if (kept.isEmpty()) {
            return columnsByFile;
        }
        foreign.forEach(this::leaveOut);
        return kept;
    }

    /**
     * Reads every row of each file on its own and leaves out those that fail, if some do and others do not
     * (when all fail, the cause is not in them: memory, the spill folder); true if any was left out of
     * {@code fresh}.
     */
    private boolean leaveOutFilesWhoseRowsCannotBeRead(Set<String> files, List<Path> fresh) {
        Map<Path, String> failing = new LinkedHashMap<>();
        for (String file : files) {
            try (Statement statement = connection.createStatement()) {
                // every column materialised: a count alone could be answered from the footer
                statement.execute("CREATE OR REPLACE TEMP TABLE insights_file_probe AS SELECT * FROM read_parquet(["
                        + fileLiteral(file) + "], hive_partitioning = false)");
            } catch (SQLException e) {
                failing.put(Path.of(file), reason(e));
            }
        }
        execute("DROP TABLE IF EXISTS insights_file_probe");
        if (failing.isEmpty() || failing.size() == files.size() || !fresh.containsAll(failing.keySet())) {
            return false;
        }
        failing.forEach(this::leaveOut);
        return true;
    }

    /** What DuckDB said, or what it threw when it said nothing. */
    private static String reason(SQLException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void leaveOut(Path file, String message) {
        leftOut.put(file, new LeftOut(message.lines().findFirst().orElse(""), sizeAndTime(file)));
    }

    /** Whether a file's footer reads; one that does not is remembered in {@link #leftOut}. */
    private boolean footerReadable(Path file) {
        try {
            columnsByFile(fileList(List.of(file)));
            return true;
        } catch (SQLException e) {
            leaveOut(file, reason(e));
            return false;
        }
    }

    private Map<String, Map<String, String>> columnsByFile(String fileList) throws SQLException {
        Map<String, Map<String, String>> columnsByFile = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT file_name, name, coalesce(type, '') FROM parquet_schema(" + fileList + ")")) {
            while (rows.next()) {
                columnsByFile
                        .computeIfAbsent(rows.getString(1), f -> new TreeMap<>())
                        .putIfAbsent(rows.getString(2), rows.getString(3));
            }
        }
        return columnsByFile;
    }

    /**
     * A column of another type than the job writes (a hand-made or foreign file) failed later in a query
     * that named neither the file nor the column ("No function matches sum(VARCHAR)"), or was read without
     * a word: one message names the dataset, the file, the column and both types.
     */
    private void checkTypes(Dataset dataset, Map<String, Map<String, String>> columnsByFile) {
        Map<String, String> expected = physicalTypes(dataset);
        columnsByFile.forEach((file, columns) -> {
            List<String> wrong = new ArrayList<>();
            expected.forEach((column, type) -> {
                String found = columns.get(column);
                if (found != null && !found.equals(type)) {
                    wrong.add(column + " is " + found + ", not " + type);
                }
            });
            if (!wrong.isEmpty()) {
                throw new InsightsException(dataset.folder() + ": in "
                        + root.resolve(dataset.folder()).relativize(Path.of(file)) + ", " + String.join("; ", wrong)
                        + " (as the job writes it): the file was not written by this pipeline's job");
            }
        });
    }

    /** The Parquet physical type of each scalar column of a dataset's row record. */
    static Map<String, String> physicalTypes(Dataset dataset) {
        Map<String, String> types = new LinkedHashMap<>();
        for (RecordComponent component : dataset.rowType().getRecordComponents()) {
            Class<?> type = component.getType();
            String physical = type == long.class || type == Long.class
                    ? "INT64"
                    : type == int.class || type == Integer.class
                            ? "INT32"
                            : type == double.class || type == Double.class
                                    ? "DOUBLE"
                                    : type == boolean.class || type == Boolean.class
                                            ? "BOOLEAN"
                                            : type == String.class ? "BYTE_ARRAY" : null;
            if (physical != null) {
                types.put(Dataset.columnName(component.getName()), physical);
            }
        }
        return types;
    }

    /** Every part file must have every column the insights read: one message names what is missing where. */
    private void checkColumns(Dataset dataset, Map<String, Map<String, String>> columnsByFile, int fileCount) {
        Set<String> missing = new TreeSet<>();
        List<String> oldFiles = new ArrayList<>();
        columnsByFile.forEach((file, columns) -> {
            List<String> lacking = dataset.requiredColumns().stream()
                    .filter(c -> !columns.containsKey(c))
                    .toList();
            if (!lacking.isEmpty()) {
                missing.addAll(lacking);
                oldFiles.add(file);
            }
        });
        if (!oldFiles.isEmpty()) {
            Path folder = root.resolve(dataset.folder());
            throw new InsightsException(dataset.folder() + ": " + oldFiles.size() + " of " + fileCount
                    + " part file(s) lack the column(s) " + String.join(", ", missing)
                    + ": they were written by an older version of the job (first one: "
                    + folder.relativize(Path.of(oldFiles.get(0))) + "). Write a new output with the current job "
                    + "(./run-local.sh --fresh, or another output.dir) and run the insights on it");
        }
    }

    public boolean has(Dataset dataset) {
        Loaded done = loaded.get(dataset);
        return done != null && !done.files.isEmpty();
    }

    /** Why some datasets are left out, for people. */
    public List<String> notes() {
        return notes;
    }

    /** How many part files of {@code dataset} the catalog remembers having read. */
    int filesRemembered(Dataset dataset) {
        Loaded done = loaded.get(dataset);
        return done == null ? 0 : done.files.size();
    }

    public OutputDirectory output() {
        return output;
    }

    /** Runs a query and returns its rows as JSON objects keyed by column label, in column order. */
    public ArrayNode rows(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                ArrayNode result = JSON.arrayNode();
                while (rs.next()) {
                    ObjectNode row = result.addObject();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.set(meta.getColumnLabel(c), value(rs.getObject(c)));
                    }
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The single row of a query (an aggregate without GROUP BY). */
    public ObjectNode row(String sql, Object... parameters) {
        ArrayNode rows = rows(sql, parameters);
        return rows.isEmpty() ? JSON.objectNode() : (ObjectNode) rows.get(0);
    }

    /** True when the view of {@code dataset} has this column (part files of older jobs may lack it). */
    public boolean hasColumn(Dataset dataset, String column) {
        return has(dataset)
                && !rows(
                                "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                                dataset.folder(),
                                column)
                        .isEmpty();
    }

    /**
     * Writes a query's result as a CSV file with a header row. Its text cells come from the records
     * (artists, genres, types, words), and a spreadsheet runs a cell that starts with {@code = + - @}, a tab
     * or a carriage return as a formula: such a cell gets a leading {@code '} (OWASP's advice against CSV
     * injection), which a spreadsheet shows as text. Only text columns are touched: -7.5 stays a number.
     */
    public void copyToCsv(String sql, Path file) {
        List<String> cells = new ArrayList<>();
        for (JsonNode column : rows("DESCRIBE " + sql)) {
            String name = identifier(column.get("column_name").asText());
            cells.add(column.get("column_type").asText().equals("VARCHAR") ? neutralised(name) + " AS " + name : name);
        }
        execute("COPY (SELECT " + String.join(", ", cells) + " FROM (" + sql + ")) TO " + literal(file.toString())
                + " (FORMAT csv, HEADER true)");
    }

    /** A text cell that a spreadsheet reads as text, never as a formula. */
    static String neutralised(String text) {
        return "CASE WHEN left(" + text + ", 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || " + text
                + " ELSE " + text + " END";
    }

    private void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    private static JsonNode value(Object value) throws SQLException {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Array array) {
            ArrayNode items = JSON.arrayNode();
            for (Object item : (Object[]) array.getArray()) {
                items.add(value(item));
            }
            return items;
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i.longValue());
        }
        if (value instanceof Number n) {
            if (value instanceof BigInteger || value instanceof BigDecimal) {
                BigDecimal d = new BigDecimal(value.toString());
                if (d.scale() > 0) {
                    return JSON.numberNode(d.doubleValue());
                }
                // a sum of hostile values may pass the range of a long: keep it whole, never fail on it
                BigInteger whole = d.toBigIntegerExact();
                return whole.bitLength() < 64 ? JSON.numberNode(whole.longValue()) : JSON.numberNode(whole);
            }
            return JSON.numberNode(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(value.toString());
    }

    /** A SQL identifier: a column named {@code end} or {@code offset} is not read as a keyword. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * A file to read, as a literal: DuckDB reads every path it is given as a glob pattern, so an output
     * folder named {@code run[prod]} read the files of {@code runp} instead, without a word. Each
     * character of a pattern is put in a class of its own, which matches only that character.
     */
    static String fileLiteral(String path) {
        StringBuilder escaped = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[' || c == '*' || c == '?') {
                escaped.append('[').append(c).append(']');
            } else {
                escaped.append(c);
            }
        }
        return literal(escaped.toString());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // an in-memory database: nothing to lose
        }
        if (spill != null) {
            spill.close();
        }
    }
}
