package io.streamlab.pipeline.producer.tickets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.CountingInputStream;
import io.streamlab.pipeline.producer.publish.CsvRows;
import io.streamlab.pipeline.producer.publish.FileContent;
import io.streamlab.pipeline.producer.publish.JsonRows;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.RowReader;
import io.streamlab.pipeline.records.Blanks;
import io.streamlab.pipeline.records.Fields;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replays tickets from a file: CSV with a header, JSON lines, or a JSON array. {@code mapping} says
 * which source column (or JSON field) holds each ticket field; unmapped fields are looked up under their
 * own name. Each row is turned into ticket JSON and checked with {@link Tickets#parse}, so a row that
 * misses a required field or has a bad created_at or priority comes back as {@link Row.Invalid} with its
 * line number and reason. A date without a time (2021-03-22) is taken as midnight UTC. A JSON value is read
 * as the job reads it, never turned into text it does not hold (see {@link Fields#text}). Every column {@code
 * mapping} names, required or not, must be in a CSV header, and once; in a JSON file, in at least one
 * object.
 */
public final class TicketFileReader implements RowReader<Ticket> {

    public enum Format {
        CSV,
        JSONL,
        JSON
    }

    /** Ticket fields a file can provide, in JSON order. */
    public static final List<String> FIELDS =
            List.of("ticket_id", "client_id", "created_at", "type", "priority", "subject", "description", "channel");

    static final List<String> REQUIRED = List.of("ticket_id", "client_id", "created_at", "type", "priority");

    private static final Set<String> IDS = Set.of("ticket_id", "client_id");

    /**
     * One JSON value per row and nothing after it: two objects on one line, or array elements without the
     * comma between them, are one invalid row, not the first object with the second dropped unseen.
     */
    private static final ObjectReader ONE_VALUE =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, String> mapping;
    /** Of a JSON file: the names --map gives that no object read so far holds, with what --map says of each. */
    private final Map<String, String> mappedNotSeen = new LinkedHashMap<>();

    private long objects;
    private final CountingInputStream counted;
    private final long size;
    private CsvRows csv;
    private final PipelineConfig.Limits limits;
    private Map<String, Integer> csvColumns;
    private int csvWidth;
    private JsonRows json;

    private TicketFileReader(InputStream in, long size, Map<String, String> mapping, PipelineConfig.Limits limits) {
        this.mapping = mapping;
        this.limits = limits;
        this.counted = new CountingInputStream(in);
        this.size = size;
    }

    /** The format from the file name: .csv, .jsonl / .ndjson, .json. */
    public static Format formatOf(Path file) throws BadInputException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        if (name.endsWith(".json")) {
            return Format.JSON;
        }
        throw new BadInputException("cannot tell the format of " + file.getFileName()
                + " from its extension (.csv, .jsonl, .json): give --format csv|jsonl|json");
    }

    /**
     * Parses {@code target=source,target=source}: targets are ticket fields, sources the column names of
     * the file. Quotes around a source name are removed.
     */
    public static Map<String, String> parseMapping(String spec) throws BadInputException {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(
                        "'" + pair.trim() + "' is not target=source (e.g. ticket_id=\"Ticket ID\")");
            }
            String target = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String source = pair.substring(eq + 1).trim();
            if (source.length() >= 2
                    && (source.startsWith("\"") && source.endsWith("\"")
                            || source.startsWith("'") && source.endsWith("'"))) {
                source = source.substring(1, source.length() - 1);
            }
            if (!FIELDS.contains(target)) {
                throw new BadInputException(
                        "unknown ticket field '" + target + "' (expected one of " + String.join(", ", FIELDS) + ")");
            }
            if (source.isEmpty()) {
                throw new BadInputException("no source column for '" + target + "'");
            }
            mapping.put(target, source);
        }
        return mapping;
    }

    /** Rows are checked against the contract and the configured {@code limits}, as the job checks them. */
    public static TicketFileReader open(
            Path file, Format format, Map<String, String> mapping, PipelineConfig.Limits limits)
            throws IOException, BadInputException {
        return open(Files.newInputStream(file), Files.size(file), format, mapping, limits);
    }

    /** The tickets of a file's content as it was when {@code content} was taken (see {@link FileContent}). */
    public static TicketFileReader open(
            FileContent content, Format format, Map<String, String> mapping, PipelineConfig.Limits limits)
            throws IOException, BadInputException {
        return open(content.open(), content.size(), format, mapping, limits);
    }

    private static TicketFileReader open(
            InputStream in, long size, Format format, Map<String, String> mapping, PipelineConfig.Limits limits)
            throws IOException, BadInputException {
        Map<String, String> full = new LinkedHashMap<>();
        for (String field : FIELDS) {
            full.put(field, mapping.getOrDefault(field, field));
        }
        TicketFileReader reader = new TicketFileReader(in, size, full, limits);
        try {
            switch (format) {
                case CSV -> reader.openCsv(mapping.keySet());
                case JSONL -> reader.openLines();
                case JSON -> reader.openJson();
            }
            if (format != Format.CSV) {
                mapping.forEach(
                        (field, name) -> reader.mappedNotSeen.merge(name, field + "=" + name, (a, b) -> a + " " + b));
            }
            return reader;
        } catch (IOException | BadInputException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * A JSON file has no header to check {@code --map} against: a name it maps that no object of the file
     * holds is a typo (subject=Subjet published every ticket without its subject), found once the file is
     * read through, before anything is published.
     */
    private void refuseMappedNamesNeverSeen() throws RowReader.UnusableFileException {
        if (objects > 0 && !mappedNotSeen.isEmpty()) {
            List<String> missing = new ArrayList<>();
            mappedNotSeen.forEach((name, maps) -> missing.add("'" + name + "' (--map " + maps + ")"));
            throw new RowReader.UnusableFileException("no object of the file has the field "
                    + String.join(", ", missing) + ": check the names --map gives");
        }
    }

    /** {@code mapped}: the fields --map names, whose columns must be there even when the field is optional. */
    private void openCsv(Set<String> mapped) throws IOException, BadInputException {
        csv = new CsvRows(counted, size, limits.maxFileRowBytes());
        List<String> header = csv.header("");
        Map<String, List<Integer>> exact = new HashMap<>();
        Map<String, List<Integer>> folded = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim();
            exact.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            folded.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(i);
        }
        csvColumns = new HashMap<>();
        List<String> missing = new ArrayList<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (Map.Entry<String, String> m : mapping.entrySet()) {
            List<Integer> columns = exact.get(m.getValue());
            if (columns == null) {
                columns = folded.get(m.getValue().toLowerCase(Locale.ROOT));
            }
            if (columns == null) {
                // a mistyped optional column (subject=Subjet) left every ticket without its subject, and exit 0
                if (REQUIRED.contains(m.getKey()) || mapped.contains(m.getKey())) {
                    missing.add(
                            m.getKey() + (m.getKey().equals(m.getValue()) ? "" : " (column '" + m.getValue() + "')"));
                }
            } else if (columns.size() > 1) {
                // which one holds the field would be a guess: the first was taken without a word
                repeated.add("column '" + m.getValue() + "' appears "
                        + (columns.size() == 2 ? "twice" : columns.size() + " times") + " in the header");
            } else {
                csvColumns.put(m.getKey(), columns.get(0));
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("the header has no column for " + String.join(", ", missing)
                    + "; map columns with --map field=column (header: " + String.join(",", header) + ")");
        }
        if (!repeated.isEmpty()) {
            throw new BadInputException(String.join("; ", repeated)
                    + "; rename all but one, so that each field has one column (header: " + String.join(",", header)
                    + ")");
        }
        csvWidth = header.size();
    }

    private void openLines() throws IOException, BadInputException {
        json = JsonRows.lines(JsonRows.utf8(counted), limits.maxFileRowBytes());
    }

    /** A JSON array of objects, or (when the file does not start with '[') JSON lines. */
    private void openJson() throws IOException, BadInputException {
        json = JsonRows.arrayOrLines(JsonRows.utf8(counted), limits.maxFileRowBytes());
    }

    @Override
    public Row<Ticket> next() throws IOException {
        if (csv != null) {
            return nextCsv();
        }
        return nextJson();
    }

    private Row<Ticket> nextCsv() throws IOException {
        CsvRows.CsvRow row = csv.next();
        if (row == null) {
            return null;
        }
        if (row.tooLong()) {
            return Row.tooLong(row.line(), row.chars(), "characters", limits.maxFileRowBytes());
        }
        if (row.fields().size() != csvWidth) {
            return new Row.Invalid<>(
                    row.line(), "has " + row.fields().size() + " fields but the header has " + csvWidth);
        }
        ObjectNode ticket = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, Integer> column : csvColumns.entrySet()) {
            put(ticket, column.getKey(), row.fields().get(column.getValue()));
        }
        return check(row.line(), ticket);
    }

    private Row<Ticket> nextJson() throws IOException {
        JsonRows.Chunk chunk;
        do {
            chunk = json.next();
            if (chunk == null) {
                refuseMappedNamesNeverSeen();
                return null;
            }
        } while (chunk.blank() && !json.arrayElements());
        if (chunk.blank()) {
            return new Row.Invalid<>(chunk.line(), "is an empty element of the JSON array (two commas in a row)");
        }
        if (chunk.tooLong()) {
            return Row.tooLong(chunk.line(), chunk.length(), "bytes", limits.maxFileRowBytes());
        }
        JsonNode node;
        try {
            node = ONE_VALUE.readTree(chunk.bytes());
        } catch (IOException e) {
            return new Row.Invalid<>(chunk.line(), Json.invalid(e));
        }
        return fromJson(chunk.line(), node);
    }

    private Row<Ticket> fromJson(long line, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Row.Invalid<>(line, "expected a JSON object");
        }
        objects++;
        if (!mappedNotSeen.isEmpty()) {
            mappedNotSeen.keySet().removeIf(node::has);
        }
        ObjectNode ticket = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, String> m : mapping.entrySet()) {
            JsonNode value = node.get(m.getValue());
            if (value == null || value.isNull()) {
                continue;
            }
            try {
                put(ticket, m.getKey(), Fields.text(m.getKey(), value, IDS.contains(m.getKey())));
            } catch (InvalidRecordException e) {
                return new Row.Invalid<>(line, e.getMessage());
            }
        }
        return check(line, ticket);
    }

    private static void put(ObjectNode ticket, String field, String value) {
        if (value == null || value.isBlank()) {
            return; // an empty cell is a missing value
        }
        if (field.equals("created_at") && Blanks.strip(value).matches("\\d{4}-\\d{2}-\\d{2}")) {
            value = Blanks.strip(value) + "T00:00:00Z";
        }
        ticket.put(field, value);
    }

    private Row<Ticket> check(long line, ObjectNode ticket) {
        try {
            return new Row.Valid<>(line, Tickets.parse(Json.write(ticket), limits, System.currentTimeMillis()));
        } catch (InvalidRecordException e) {
            return new Row.Invalid<>(line, e.getMessage());
        }
    }

    @Override
    public double progress() {
        return size > 0 ? Math.min(1.0, (double) counted.count() / size) : Double.NaN;
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        counted.close();
    }
}
