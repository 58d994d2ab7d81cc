package io.streamlab.pipeline.records;

/**
 * A number written as text, in a JSON string or a CSV cell: plain ASCII decimal notation only, one rule
 * for the job's parser and the producer's file readers. Java's parsers take more: {@code Double.parseDouble}
 * reads "0x1p6" as 64, "120d" and "0.5f" as numbers, and {@code Long.parseLong} reads Arabic-Indic and
 * full-width digits ("٥٠" is 50), so a value nobody wrote as that number used to pass.
 */
public final class NumberText {
    /**
     * Whole doubles below this convert without rounding: above it, "9007199254740993.0" is already
     * ...992 once parsed, so such a value is only taken written as digits.
     */
    public static final double EXACT_WHOLE_LIMIT = 0x1p53;

    private NumberText() {}

    /** The value of {@code [+-]digits[.digits][(e|E)[+-]digits]} in ASCII (surrounding blanks allowed), else NaN. */
    public static double decimal(String text) {
        String value = text.trim();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * A whole number: ASCII digits with an optional sign that fit 64 bits, or a {@link #decimal} that is
     * whole and below {@link #EXACT_WHOLE_LIMIT} ("5.0", "1e3"). Throws {@link NumberFormatException}
     * otherwise.
     */
    public static long whole(String text) {
        String value = text.trim();
        boolean digits = !value.isEmpty();
        for (int i = 0; i < value.length() && digits; i++) {
            char c = value.charAt(i);
            digits = (c >= '0' && c <= '9') || (i == 0 && (c == '-' || c == '+') && value.length() > 1);
        }
        if (digits) {
            return Long.parseLong(value); // throws when it does not fit 64 bits
        }
        double d = decimal(value);
        if (isExactWhole(d)) {
            return (long) d;
        }
        throw new NumberFormatException("not a whole number: " + value);
    }

    /** A whole double that no parse rounded to become one: |d| below {@link #EXACT_WHOLE_LIMIT}. */
    public static boolean isExactWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < EXACT_WHOLE_LIMIT;
    }
}
