package io.streamlab.pipeline.records;

/**
 * The characters no reader sees as text, defined once: what makes a required field blank, and what pads
 * or separates the words of a ticket type (the routing and the insights' SQL). Before 2026-12-02 the
 * fields and the routing had a rule each, and an id of U+3000 was a Kafka key that looked empty.
 */
public final class Blanks {
    /**
     * Spaces (U+00A0 and U+3000 too), line and paragraph separators and control characters (DEL,
     * U+0085), as the body of a regular-expression class that Java and DuckDB (RE2) read alike.
     */
    public static final String SPACES_AND_CONTROLS = "\\p{Z}\\p{Cc}";

    /** Invisible format characters (a soft hyphen, a zero-width space, U+FEFF), as a class body too. */
    public static final String INVISIBLE = "\\p{Cf}";

    private Blanks() {}

    /** {@link #SPACES_AND_CONTROLS}. */
    public static boolean isSpaceOrControl(int codePoint) {
        int kind = Character.getType(codePoint);
        return kind == Character.SPACE_SEPARATOR
                || kind == Character.LINE_SEPARATOR
                || kind == Character.PARAGRAPH_SEPARATOR
                || kind == Character.CONTROL;
    }

    /** {@link #INVISIBLE}. */
    public static boolean isInvisible(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT;
    }

    /**
     * {@code text} without the spaces, controls and invisible characters at either end: the one trim of a
     * key (an id, a genre, an artist, a ticket type). {@link String#trim} cut only ASCII, so {@code pop}
     * and {@code pop} + U+00A0 were two genres. The tag characters of the supplementary planes stay: they
     * end an emoji flag ({@code U+1F3F4 U+E0067 … U+E007F}).
     */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end) {
            int c = text.codePointAt(start);
            if (!isPadding(c)) {
                break;
            }
            start += Character.charCount(c);
        }
        while (end > start) {
            int c = text.codePointBefore(end);
            if (!isPadding(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    private static boolean isPadding(int codePoint) {
        if (codePoint > ' ' && codePoint < 0x7f) {
            return false;
        }
        return isSpaceOrControl(codePoint)
                || (isInvisible(codePoint) && codePoint < Character.MIN_SUPPLEMENTARY_CODE_POINT);
    }

    /** Nothing but spaces, controls and invisible characters (Java's whitespace is all among them). */
    public static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!(isSpaceOrControl(c) || isInvisible(c))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
