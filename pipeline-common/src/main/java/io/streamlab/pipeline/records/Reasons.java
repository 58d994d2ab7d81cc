package io.streamlab.pipeline.records;

/**
 * Building blocks of dead-letter reasons. A reason quotes the offending value so a person sees what was
 * wrong, but never more than {@value #MAX_QUOTED_CHARS} characters of it: a 900 KB field must not become
 * a 900 KB reason.
 */
public final class Reasons {
    /** How much of an offending value a reason quotes. */
    public static final int MAX_QUOTED_CHARS = 100;

    private Reasons() {}

    /** {@code 'value'}, cut after {@value #MAX_QUOTED_CHARS} characters ({@code 'abc…' (204800 characters)}). */
    public static String quote(String value) {
        return value == null ? "null" : excerpt(value, "'");
    }

    /** A number or other short value as it is, unquoted; a long one cut like {@link #quote}. */
    public static String shorten(String value) {
        return value == null ? "null" : excerpt(value, "");
    }

    private static String excerpt(String value, String quote) {
        int end = Math.min(value.length(), MAX_QUOTED_CHARS);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never cut a character in two
        }
        StringBuilder sb = new StringBuilder(end + 32).append(quote);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        if (end < value.length()) {
            sb.append('…').append(quote).append(" (").append(value.length()).append(" characters)");
        } else {
            sb.append(quote);
        }
        return sb.toString();
    }

    /** Cuts a whole reason at {@code max} characters, marking the cut. */
    public static String cap(String reason, int max) {
        if (reason == null || reason.length() <= max) {
            return reason;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + "…";
    }
}
