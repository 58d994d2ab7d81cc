package io.streamlab.pipeline.producer.publish;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read one row at a time with Jackson's streaming CSV parser (RFC 4180: quoted fields with
 * commas, doubled quotes and line breaks), never loaded whole. Each row comes with the line its record
 * starts on, counted in physical lines (a quoted field with line breaks spans several).
 */
public final class CsvRows implements Closeable {
    private static final CsvMapper MAPPER = new CsvMapper();

    /** One record: its first line number (1 is the header) and its fields, as written. */
    public record CsvRow(long line, List<String> fields) {
        /** A blank line between records. */
        boolean blank() {
            return fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    private final CountingInputStream counted;
    private final long size;
    private final CsvParser parser;
    private long nextLine = 1;

    public CsvRows(InputStream in, long size) throws IOException {
        this.counted = new CountingInputStream(in);
        this.size = size;
        this.parser = MAPPER.getFactory().createParser(counted);
        parser.setSchema(CsvSchema.emptySchema());
    }

    /** The next non-blank record, or null at the end of the file. */
    public CsvRow next() throws IOException {
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_ARRAY) {
                throw new IOException("unexpected CSV token " + token + " near line " + nextLine);
            }
            long line = nextLine;
            List<String> fields = new ArrayList<>(24);
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new IOException("the file ends inside the record that starts on line " + line
                            + " (a quoted field is not closed?)");
                }
                fields.add(parser.getText());
            }
            // the parser stands where the next record begins
            nextLine = Math.max(line + 1, parser.currentLocation().getLineNr());
            CsvRow row = new CsvRow(line, fields);
            if (!row.blank()) {
                return row;
            }
        }
    }

    /** Share of the file read, 0 to 1 (NaN when the size is unknown). */
    public double progress() {
        return size > 0 ? Math.min(1.0, (double) counted.count() / size) : Double.NaN;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
