package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.datasets.Dataset;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An in-memory DuckDB database with one view per dataset over its committed part files, named as the
 * dataset ({@code genre_stats}, …). Datasets without a committed file have no view and a note saying
 * why; part files without a column the insights need are refused with a message naming them.
 */
public final class ParquetCatalog implements AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Connection connection;
    private final OutputDirectory output;
    /** The datasets queried: tracks_summary is left out, its figures are those of genre_stats per window. */
    static final Set<Dataset> READ = EnumSet.complementOf(EnumSet.of(Dataset.TRACKS_SUMMARY));

    private final Set<Dataset> available = EnumSet.noneOf(Dataset.class);
    private final List<String> notes = new ArrayList<>();

    private ParquetCatalog(Connection connection, OutputDirectory output) {
        this.connection = connection;
        this.output = output;
    }

    /**
     * Opens the catalog over an output directory.
     *
     * @throws InsightsException when nothing is committed yet, or a part file comes from an older job
     */
    public static ParquetCatalog open(OutputDirectory output) {
        if (output.nothingCommitted()) {
            throw new InsightsException(output.nothingCommittedMessage());
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB did not start: " + e.getMessage(), e);
        }
        ParquetCatalog catalog = new ParquetCatalog(connection, output);
        try {
            catalog.execute("SET memory_limit = '1GB'");
            catalog.execute(
                    "SET temp_directory = " + literal(System.getProperty("java.io.tmpdir") + "/duckdb-insights"));
            for (Dataset dataset : READ) {
                catalog.register(output.files(dataset));
            }
            return catalog;
        } catch (RuntimeException | SQLException e) {
            catalog.close();
            if (e instanceof InsightsException ie) {
                throw ie;
            }
            throw new IllegalStateException("reading " + output.root() + " failed: " + e.getMessage(), e);
        }
    }

    private void register(OutputDirectory.DatasetFiles files) throws SQLException {
        Dataset dataset = files.dataset();
        if (!files.hasCommitted()) {
            if (dataset.absentMeansNone() && files.notCommitted() == 0) {
                return;
            }
            notes.add(dataset.folder() + ": "
                    + (files.notCommitted() > 0
                            ? "no committed part file yet (" + files.notCommitted()
                                    + " in progress or waiting for their merge)"
                            : "no part file")
                    + "; its figures are left out");
            return;
        }
        String fileList =
                files.committed().stream().map(p -> literal(p.toString())).collect(Collectors.joining(", ", "[", "]"));
        checkColumns(dataset, fileList, files.committed().size());
        String rows = "read_parquet(" + fileList + ", union_by_name = true, hive_partitioning = false)";
        long repeated = dataset.rowKey().isEmpty() ? 0 : repeatedRows(rows, dataset.rowKey());
        if (repeated == 0) {
            execute("CREATE VIEW " + dataset.folder() + " AS SELECT * FROM " + rows);
        } else {
            String key = String.join(", ", dataset.rowKey());
            notes.add(dataset.folder() + ": " + repeated + " row(s) repeat a "
                    + key.replace("window_start, ", "window and ")
                    + " already present (written by a job version that could emit a window twice); each is counted "
                    + "once, with its row of the highest " + dataset.preferredRow() + ", never summed");
            execute("CREATE VIEW " + dataset.folder() + " AS SELECT * EXCLUDE (row_rank) FROM (SELECT *, "
                    + "row_number() OVER (PARTITION BY " + key + " ORDER BY " + dataset.preferredRow()
                    + " DESC) AS row_rank FROM " + rows + ") WHERE row_rank = 1");
        }
        available.add(dataset);
    }

    /** Rows beyond the first for their key. */
    private long repeatedRows(String rows, List<String> key) throws SQLException {
        String columns = String.join(", ", key);
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT "
                        + columns + " FROM " + rows + ")) FROM " + rows)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Every part file must have every column the insights read: one message names what is missing where. */
    private void checkColumns(Dataset dataset, String fileList, int fileCount) throws SQLException {
        Map<String, Set<String>> columnsByFile = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT file_name, name FROM parquet_schema(" + fileList + ")")) {
            while (rows.next()) {
                columnsByFile
                        .computeIfAbsent(rows.getString(1), f -> new TreeSet<>())
                        .add(rows.getString(2));
            }
        }
        Set<String> missing = new TreeSet<>();
        List<String> oldFiles = new ArrayList<>();
        columnsByFile.forEach((file, columns) -> {
            List<String> lacking = dataset.requiredColumns().stream()
                    .filter(c -> !columns.contains(c))
                    .toList();
            if (!lacking.isEmpty()) {
                missing.addAll(lacking);
                oldFiles.add(file);
            }
        });
        if (!oldFiles.isEmpty()) {
            Path folder = output.root().resolve(dataset.folder());
            throw new InsightsException(dataset.folder() + ": " + oldFiles.size() + " of " + fileCount
                    + " part file(s) lack the column(s) " + String.join(", ", missing)
                    + ": they were written by an older version of the job (first one: "
                    + folder.relativize(Path.of(oldFiles.get(0))) + "). Write a new output with the current job "
                    + "(./run-local.sh --fresh, or another output.dir) and run the insights on it");
        }
    }

    public boolean has(Dataset dataset) {
        return available.contains(dataset);
    }

    /** Why some datasets are left out, for people. */
    public List<String> notes() {
        return List.copyOf(notes);
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

    /** Writes a query's result as a CSV file with a header row. */
    public void copyToCsv(String sql, Path file) {
        execute("COPY (" + sql + ") TO " + literal(file.toString()) + " (FORMAT csv, HEADER true)");
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
                return d.scale() <= 0 ? JSON.numberNode(d.longValueExact()) : JSON.numberNode(d.doubleValue());
            }
            return JSON.numberNode(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(value.toString());
    }

    /** A SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // an in-memory database: nothing to lose
        }
    }
}
