package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.CsvRows;
import io.streamlab.pipeline.producer.publish.FileContent;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.RowReader;
import io.streamlab.pipeline.records.Blanks;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.NumberText;
import io.streamlab.pipeline.records.Reasons;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the Kaggle "Spotify Tracks" CSV: columns are found by their header name (any order; extra
 * columns are ignored), the unnamed first column is the index that becomes {@code record_id} (without
 * one, the row's sequence number is used). Each row becomes a {@link Track} checked with
 * {@link Tracks#validate} and the configured bounds; a row that breaks the contract comes back as {@link Row.Invalid} with its line
 * number and the reason. Tracks are read with timestamp 0: the publisher sets the event time.
 */
public final class TrackCsvReader implements RowReader<Track> {

    /** Required columns, in the Kaggle order. */
    static final List<String> REQUIRED = List.of(
            "track_id",
            "artists",
            "popularity",
            "duration_ms",
            "explicit",
            "danceability",
            "energy",
            "key",
            "loudness",
            "mode",
            "speechiness",
            "acousticness",
            "instrumentalness",
            "liveness",
            "valence",
            "tempo",
            "time_signature",
            "track_genre");

    static final List<String> OPTIONAL = List.of("album_name", "track_name");

    private static final List<String> REQUIRED_AND_OPTIONAL =
            Stream.concat(REQUIRED.stream(), OPTIONAL.stream()).toList();
    /** Names the index column goes by: empty in the Kaggle file, "Unnamed: 0" after a pandas round trip. */
    private static final List<String> INDEX_NAMES = List.of("", "unnamed: 0", "index", "record_id");

    private final CsvRows rows;
    private final PipelineConfig.Limits limits;
    private final int width;
    private final int index;
    private final int[] required = new int[REQUIRED.size()];
    private final int[] optional = new int[OPTIONAL.size()];
    private long sequence;

    private TrackCsvReader(CsvRows rows, PipelineConfig.Limits limits) throws IOException, BadInputException {
        this.rows = rows;
        this.limits = limits;
        List<String> header = rows.header(": " + String.join(",", headerExample()));
        Map<String, Integer> columns = new HashMap<>();
        Map<String, Integer> times = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            columns.putIfAbsent(name, i);
            times.merge(name, 1, Integer::sum);
        }
        // which of two 'popularity' columns holds the field would be a guess: the first was taken without a
        // word (names are compared without case, as the rest of the header). Index names may repeat: a
        // header with a trailing comma has a second empty name.
        List<String> repeated = new ArrayList<>();
        for (String name : REQUIRED_AND_OPTIONAL) {
            int n = times.getOrDefault(name, 0);
            if (n > 1) {
                repeated.add("'" + name + "' " + (n == 2 ? "twice" : n + " times"));
            }
        }
        if (!repeated.isEmpty()) {
            throw new BadInputException("the header has the column " + String.join(", ", repeated)
                    + ": which one holds the field would be a guess (header: " + String.join(",", header) + ")");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < REQUIRED.size(); i++) {
            Integer at = columns.get(REQUIRED.get(i));
            if (at == null) {
                missing.add(REQUIRED.get(i));
            } else {
                required[i] = at;
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("the header misses the required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (header: " + String.join(",", header) + ")");
        }
        for (int i = 0; i < OPTIONAL.size(); i++) {
            optional[i] = columns.getOrDefault(OPTIONAL.get(i), -1);
        }
        int indexColumn = -1;
        for (String name : INDEX_NAMES) {
            if (columns.containsKey(name)) {
                indexColumn = columns.get(name);
                break;
            }
        }
        this.index = indexColumn;
        this.width = header.size();
    }

    /** Rows are checked against the contract and the configured {@code limits}, as the job checks them. */
    public static TrackCsvReader open(Path file, PipelineConfig.Limits limits) throws IOException, BadInputException {
        return open(Files.newInputStream(file), Files.size(file), limits);
    }

    /** The rows of a file's content as it was when {@code content} was taken (see {@link FileContent}). */
    public static TrackCsvReader open(FileContent content, PipelineConfig.Limits limits)
            throws IOException, BadInputException {
        return open(content.open(), content.size(), limits);
    }

    public static TrackCsvReader open(InputStream in, long size, PipelineConfig.Limits limits)
            throws IOException, BadInputException {
        CsvRows rows = new CsvRows(in, size, limits.maxFileRowBytes());
        try {
            return new TrackCsvReader(rows, limits);
        } catch (BadInputException | RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    static List<String> headerExample() {
        List<String> header = new ArrayList<>(List.of("", "track_id", "artists", "album_name", "track_name"));
        header.addAll(REQUIRED.subList(2, REQUIRED.size()));
        return header;
    }

    @Override
    public Row<Track> next() throws IOException {
        CsvRows.CsvRow row = rows.next();
        if (row == null) {
            return null;
        }
        long id = sequence++;
        if (row.tooLong()) {
            return Row.tooLong(row.line(), row.chars(), "characters", limits.maxFileRowBytes());
        }
        List<String> f = row.fields();
        if (f.size() != width) {
            return new Row.Invalid<>(
                    row.line(),
                    "has " + f.size() + " fields but the header has " + width
                            + (f.size() < width ? " (a missing column?)" : " (an unquoted comma?)"));
        }
        try {
            if (index >= 0) {
                id = whole(f, index, "record_id (the index column)");
            }
            Track track = Track.builder()
                    .trackId(Blanks.strip(text(f, required[0])))
                    .artists(text(f, required[1]))
                    .albumName(optionalText(f, optional[0]))
                    .trackName(optionalText(f, optional[1]))
                    .popularity((int) whole(f, required[2], "popularity", Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .durationMs(whole(f, required[3], "duration_ms"))
                    .explicit(bool(f, required[4], "explicit"))
                    .danceability(number(f, required[5], "danceability"))
                    .energy(number(f, required[6], "energy"))
                    .key((int) whole(f, required[7], "key", Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .loudness(number(f, required[8], "loudness"))
                    .mode((int) whole(f, required[9], "mode", Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .speechiness(number(f, required[10], "speechiness"))
                    .acousticness(number(f, required[11], "acousticness"))
                    .instrumentalness(number(f, required[12], "instrumentalness"))
                    .liveness(number(f, required[13], "liveness"))
                    .valence(number(f, required[14], "valence"))
                    .tempo(number(f, required[15], "tempo"))
                    .timeSignature((int) whole(f, required[16], "time_signature", Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .trackGenre(Blanks.strip(text(f, required[17])))
                    .timestamp(0L)
                    .recordId(id)
                    .build();
            Tracks.validate(track, limits);
            return new Row.Valid<>(row.line(), track);
        } catch (InvalidRecordException e) {
            return new Row.Invalid<>(row.line(), e.getMessage());
        }
    }

    @Override
    public double progress() {
        return rows.progress();
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }

    private static String text(List<String> f, int column) {
        return f.get(column);
    }

    private static String optionalText(List<String> f, int column) {
        if (column < 0) {
            return null;
        }
        String value = f.get(column);
        return value.isEmpty() ? null : value;
    }

    private static String present(List<String> f, int column, String name) throws InvalidRecordException {
        String value = f.get(column).trim();
        if (value.isEmpty()) {
            throw new InvalidRecordException(RejectCategory.MISSING_FIELD, "missing required field '" + name + "'");
        }
        return value;
    }

    private static long whole(List<String> f, int column, String name) throws InvalidRecordException {
        return whole(f, column, name, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static long whole(List<String> f, int column, String name, long min, long max)
            throws InvalidRecordException {
        String value = present(f, column, name);
        long parsed;
        try {
            parsed = NumberText.whole(value);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(
                    RejectCategory.WRONG_TYPE,
                    "field '" + name + "' must be a whole number, got '" + shorten(value) + "'");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidRecordException(
                    RejectCategory.OUT_OF_RANGE, "field '" + name + "' is out of range: " + parsed);
        }
        return parsed;
    }

    private static double number(List<String> f, int column, String name) throws InvalidRecordException {
        String value = present(f, column, name);
        double d = NumberText.decimal(value);
        if (!Double.isFinite(d)) {
            throw new InvalidRecordException(
                    RejectCategory.WRONG_TYPE, "field '" + name + "' must be a number, got '" + shorten(value) + "'");
        }
        return d;
    }

    private static boolean bool(List<String> f, int column, String name) throws InvalidRecordException {
        String value = present(f, column, name);
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidRecordException(
                RejectCategory.WRONG_TYPE, "field '" + name + "' must be True or False, got '" + shorten(value) + "'");
    }

    private static String shorten(String value) {
        return Reasons.shorten(value);
    }
}
