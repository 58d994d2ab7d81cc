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
