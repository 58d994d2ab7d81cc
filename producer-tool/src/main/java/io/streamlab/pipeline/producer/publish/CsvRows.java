package io.streamlab.pipeline.producer.publish;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.streamlab.pipeline.config.PipelineConfig;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read one row at a time with Jackson's streaming CSV parser (RFC 4180: quoted fields with
 * commas, doubled quotes and line breaks), never loaded whole. Each row comes with the line its record
 * starts on, counted in physical lines (a quoted field with line breaks spans several).
 *
 * <p>A row is held only up to about {@code maxRowChars} characters ({@code limits.file-row.max-bytes}; a
 * character is at least a byte), plus the field that crosses the bound: the fields of a longer one are
 * read past, not kept, and it comes back {@link CsvRow#tooLong()}. A single field longer than that (a quote that is never closed makes the rest
 * of the file one field) is refused by the parser itself, before it is held, and ends the file with an
 * error naming its line.
 */
public final class CsvRows implements Closeable {

    /** One record: its first line number (1 is the header) and its fields, as written; no fields when too long. */
    public record CsvRow(long line, List<String> fields, long chars) {
        /** A blank line between records. */
        boolean blank() {
            return fields != null && fields.size() == 1 && fields.get(0).isEmpty();
        }

        /** More characters than the bound: its fields were not kept. */
        public boolean tooLong() {
            return fields == null;
        }
    }

    private final CountingInputStream counted;
    private final long size;
    private final int maxRowChars;
    private final CsvParser parser;
    private long nextLine = 1;
    private long rowEnd;

    /**
     * A file whose first bytes say it is no text at all (a UCS-4 mark: an icon, a font) is refused here,
     * as the parser meets them: it is not the CSV file meant.
     */
    public CsvRows(InputStream in, long size, int maxRowChars) throws IOException, BadInputException {
        this.counted = new CountingInputStream(in);
        this.size = size;
        this.maxRowChars = maxRowChars;
        CsvFactory factory = CsvFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxRowChars)
                        .build())
                .build();
        try {
            this.parser = factory.createParser(counted);
        } catch (CharConversionException e) {
            in.close();
            throw new BadInputException(notText("the start of the file", e).getMessage());
        }
        parser.setSchema(CsvSchema.emptySchema());
    }

    /**
     * The first record, the header: its column names. A file whose header cannot be read (not text, a quote
     * never closed), is missing or is above the bound is not the file it should be: {@code expected} says
     * what its first line should hold.
     */
    public List<String> header(String expected) throws BadInputException {
        CsvRow header;
        try {
            header = next();
        } catch (IOException e) {
            throw new BadInputException(e.getMessage());
        }
        if (header == null) {
            throw new BadInputException("the file is empty (expected a header line" + expected + ")");
        }
        if (header.tooLong()) {
            throw new BadInputException("the header line is too long: " + header.chars() + " characters, above "
                    + PipelineConfig.Limits.FILE_ROW_BYTES + " (" + maxRowChars + ")");
        }
        return header.fields();
    }

    /** The next non-blank record, or null at the end of the file. */
    public CsvRow next() throws IOException {
        while (true) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (CharConversionException e) {
                throw notText("line " + nextLine, e);
            }
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_ARRAY) {
                throw new IOException("unexpected CSV token " + token + " near line " + nextLine);
            }
            long line = nextLine;
            // where the previous record ended: the parser's token offsets lag a field behind
            long start = rowEnd;
            List<String> fields = new ArrayList<>(24);
            try {
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        throw new IOException("the file ends inside the record that starts on line " + line
                                + " (a quoted field is not closed?)");
                    }
                    if (fields != null) {
                        fields.add(parser.getText());
                        if (parser.currentLocation().getCharOffset() - start > maxRowChars) {
                            fields = null;
                        }
                    }
                }
            } catch (StreamConstraintsException e) {
                throw new IOException("the record that starts on line " + line + " has a field of more than "
                        + maxRowChars + " characters, above " + PipelineConfig.Limits.FILE_ROW_BYTES + " ("
                        + maxRowChars + "): is a quoted field not closed?");
            } catch (CharConversionException e) {
                throw notText("the record that starts on line " + line, e);
            } catch (JsonParseException e) {
                throw new IOException("the record that starts on line " + line + " cannot be read: "
                        + e.getOriginalMessage() + " (a quoted field that is not closed?)");
            }
            // the parser stands where the next record begins
            nextLine = Math.max(line + 1, parser.currentLocation().getLineNr());
            rowEnd = parser.currentLocation().getCharOffset();
            CsvRow row = new CsvRow(line, fields, rowEnd - start);
            if (!row.blank()) {
                return row;
            }
        }
    }

    private static IOException notText(String where, CharConversionException e) {
        // Jackson's own position ("at char #1, byte #-1") counts characters of its buffer, not lines
        return new IOException(where + " is not UTF-8 text (" + e.getMessage().replaceAll(" \\(at char.*", "")
                + "): is the file a CSV file?");
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
