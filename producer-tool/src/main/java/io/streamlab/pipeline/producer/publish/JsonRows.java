package io.streamlab.pipeline.producer.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;

/**
 * The rows of a JSON file, cut out of its bytes one at a time before any parsing: JSON lines, or the
 * elements of a JSON array. A row is held only up to {@code maxBytes}; the rest of a longer one is
 * read past, never stored, so a file of one endless line or one endless element costs no more memory
 * than the bound. The cut only follows strings, escapes and nesting; whether a row is valid JSON is
 * for the parser to say afterwards.
 */
public final class JsonRows {
    /** One row: the line it starts on, its bytes, or null when it has more than the bound (then its length). */
    public record Chunk(long line, byte[] bytes, long length) {
        public boolean tooLong() {
            return bytes == null;
        }

        public boolean blank() {
            if (bytes == null) {
                return false;
            }
            for (byte b : bytes) {
                if (!whitespace(b)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final boolean array;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean ended;
    private long line = 1;
    private byte[] row = new byte[256];
    private int held;
    private long length;
    private boolean afterCarriageReturn;
    private long arrayEndLine;

    private JsonRows(InputStream in, int maxBytes, boolean array) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.array = array;
    }

    /**
     * {@code in} as it was, once its first bytes show it is not UTF-16 or UTF-32 text: a byte order mark of
     * either, or a zero byte among the first two (JSON starts with an ASCII character, which those encodings
     * write with zero bytes). Rows are cut at the bytes of '\n' and '\r', which such a file also holds
     * inside its characters: its first line was read and the others refused, and the run ended with exit 0.
     */
    public static InputStream utf8(InputStream in) throws IOException, BadInputException {
        PushbackInputStream peek = new PushbackInputStream(in, 4);
        byte[] first = peek.readNBytes(4);
        peek.unread(first);
        boolean utf16Or32Mark = first.length >= 2
                && ((first[0] == (byte) 0xFE && first[1] == (byte) 0xFF)
                        || (first[0] == (byte) 0xFF && first[1] == (byte) 0xFE));
        boolean zeroByte = (first.length >= 1 && first[0] == 0) || (first.length >= 2 && first[1] == 0);
        if (utf16Or32Mark || zeroByte) {
            throw new BadInputException("the file is not UTF-8 text: "
                    + (utf16Or32Mark
                            ? "it starts with a UTF-16 or UTF-32 byte order mark"
                            : "it starts with a zero byte," + " as UTF-16 or UTF-32 text does")
                    + "; save it as UTF-8 (JSON files are read as UTF-8)");
        }
        return peek;
    }

    /** JSON lines: one row per line ('\n', "\r\n" or a lone '\r'). */
    public static JsonRows lines(InputStream in, int maxBytes) {
        return new JsonRows(in, maxBytes, false);
    }

    /**
     * A JSON array of rows when the first byte after whitespace and a byte order mark is '[', JSON lines
     * otherwise.
     */
    public static JsonRows arrayOrLines(InputStream in, int maxBytes) throws IOException {
        JsonRows lines = new JsonRows(in, maxBytes, false);
        int first = lines.skipWhitespace(true);
        if (first == '[') {
            JsonRows elements = new JsonRows(in, maxBytes, true);
            elements.line = lines.line;
            elements.afterCarriageReturn = lines.afterCarriageReturn;
            System.arraycopy(lines.buffer, lines.pos + 1, elements.buffer, 0, lines.limit - lines.pos - 1);
            elements.limit = lines.limit - lines.pos - 1;
            elements.eof = lines.eof;
            return elements;
        }
        return lines;
    }

    /**
     * The next row, or null at the end of the file. An element of an array that holds nothing (",,") is a
     * blank row; a comma before the closing ']' is not one. Bytes after the array other than whitespace are
     * an error: they would otherwise be left unread without a word (two arrays in one file, say).
     */
    public Chunk next() throws IOException {
        return array ? nextElement() : nextLine();
    }

    /** True when the rows are the elements of a JSON array, false for JSON lines. */
    public boolean arrayElements() {
        return array;
    }

    private Chunk nextLine() throws IOException {
        if (ended) {
            return null;
        }
        if (afterCarriageReturn) {
            if (pos == limit && !fill()) {
                ended = true;
                return null;
            }
            afterCarriageReturn = false;
            if (buffer[pos] == '\n') {
                pos++; // "\r\n" is one line break
            }
        }
        long start = line;
        startRow();
        while (true) {
            if (pos == limit && !fill()) {
                ended = true;
                if (length == 0) {
                    return null;
                }
                return row(start);
            }
            int end = pos;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            hold(pos, end - pos);
            if (end < limit) {
                afterCarriageReturn = buffer[end] == '\r';
                pos = end + 1;
                line++;
                return row(start);
            }
            pos = limit;
        }
    }

    private Chunk nextElement() throws IOException {
        if (ended) {
            if (skipWhitespace(false) >= 0) {
                throw new IOException("line " + line + ": the file goes on after its JSON array, which ends on line "
                        + arrayEndLine + "; nothing after the array was read (two arrays in one file?)");
            }
            return null;
        }
        int first = skipWhitespace(false);
        if (first < 0) {
            throw new IOException("the file ends inside the JSON array that starts it: no closing ']'");
        }
        if (first == ']') {
            ended = true;
            arrayEndLine = line;
            pos++;
            return nextElement();
        }
        long start = line;
        startRow();
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        while (true) {
            if (pos == limit && !fill()) {
                throw new IOException("the file ends inside the element of its JSON array that starts on line " + start
                        + ": no closing ']'");
            }
            int from = pos;
            while (pos < limit) {
                byte b = buffer[pos];
                countLine(b);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    if (depth == 0 && b == ']') {
                        ended = true;
                        arrayEndLine = line;
                        hold(from, pos - from);
                        pos++;
                        return row(start);
                    }
                    depth = Math.max(0, depth - 1);
                } else if (b == ',' && depth == 0) {
                    hold(from, pos - from);
                    pos++;
                    return row(start);
                }
                pos++;
            }
            hold(from, pos - from);
        }
    }

    /**
     * Skips whitespace (and, at the start of the file, a UTF-8 byte order mark), counting lines; returns the
     * byte it stops at without consuming it, or -1 at the end.
     */
    private int skipWhitespace(boolean orByteOrderMark) throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return -1;
            }
            byte b = buffer[pos];
            if (whitespace(b)) {
                countLine(b);
            } else if (!(orByteOrderMark && (b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF))) {
                return b;
            }
            pos++;
        }
    }

    /** '\n', "\r\n" and a lone '\r' each end a line, as for JSON lines. */
    private void countLine(byte b) {
        if (b == '\r' || (b == '\n' && !afterCarriageReturn)) {
            line++;
        }
        afterCarriageReturn = b == '\r';
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private void startRow() {
        held = 0;
        length = 0;
    }

    /** Counts {@code n} bytes of the buffer into the row, and keeps them while the row is within the bound. */
    private void hold(int from, int n) {
        long room = maxBytes - length;
        length += n;
        if (room <= 0) {
            return;
        }
        int kept = (int) Math.min(n, room);
        if (held + kept > row.length) {
            row = Arrays.copyOf(row, (int) Math.min(maxBytes, Math.max(held + kept, 2L * row.length)));
        }
        System.arraycopy(buffer, from, row, held, kept);
        held += kept;
    }

    private Chunk row(long start) {
        return length > maxBytes ? new Chunk(start, null, length) : new Chunk(start, Arrays.copyOf(row, held), length);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = n < 0;
            if (n == 0) {
                return fill();
            }
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
