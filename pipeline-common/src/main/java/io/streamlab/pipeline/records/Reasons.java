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
        StringBuilder sb = new StringBuilder(MAX_QUOTED_CHARS + 48).append(quote);
        int shown = 0; // characters written for the value: an escape counts as its six
        int i = 0;
        for (; i < value.length() && shown < MAX_QUOTED_CHARS; i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    if (shown + 2 > MAX_QUOTED_CHARS) {
                        break; // never cut a character in two
                    }
                    sb.append(c).append(value.charAt(++i));
                    shown += 2;
                } else {
                    // unpaired: UTF-8 cannot hold it, so the Parquet copy of a reason read '?' and the Kafka one
                    // an escape; shown as its escape in both
                    sb.append("\\u").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
                    shown += 6;
                }
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(Character.isISOControl(c) ? '?' : c);
            }
            shown++;
        }
        if (i < value.length()) {
            sb.append('…').append(quote).append(" (").append(value.length()).append(" characters)");
        } else {
            sb.append(quote);
        }
        return sb.toString();
    }

    /**
     * A library's message that quotes the offending value between single quotes (Jackson: {@code Unrecognized
     * token 'xxx…': was expecting …}, up to 256 characters of it): each quoted part cut as {@link #quote}
     * cuts it, and control characters shown as it shows them, in the quoted parts and between them.
     */
    public static String quotedWithin(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(message.length(), 4 * MAX_QUOTED_CHARS));
        int from = 0;
        while (from < message.length()) {
            int open = message.indexOf('\'', from);
            int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
            if (close < 0) {
                sb.append(excerpt(message.substring(from), ""));
                break;
            }
            sb.append(excerpt(message.substring(from, open), "")).append(quote(message.substring(open + 1, close)));
            from = close + 1;
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
