package io.streamlab.pipeline.records;

import java.math.BigDecimal;

/**
 * A number written as text, in a JSON string or a CSV cell: plain ASCII decimal notation only, one rule
 * for the job's parser and the producer's file readers. Java's parsers take more: {@code Double.parseDouble}
 * reads "0x1p6" as 64, "120d" and "0.5f" as numbers, and {@code Long.parseLong} reads Arabic-Indic and
 * full-width digits ("٥٠" is 50), so a value nobody wrote as that number used to pass. A whole number in
 * text is read exactly; a JSON number literal is a double once parsed (see {@link #isExactWhole}).
 */
public final class NumberText {
    /**
     * Whole doubles below this convert without rounding: above it, the JSON number 9007199254740993.0 is
     * already ...992 once parsed, so such a value is only taken written as digits.
     */
    public static final double EXACT_WHOLE_LIMIT = 0x1p53;

    /**
     * Longer texts are not read as whole numbers: 19 digits, a sign and some zeros of a fraction are
     * plenty, and a BigDecimal of a megabyte of digits would take seconds to convert.
     */
    static final int MAX_WHOLE_CHARS = 64;

    private NumberText() {}

    /** The value of {@code [+-]digits[.digits][(e|E)[+-]digits]} in ASCII (surrounding blanks allowed), else NaN. */
    public static double decimal(String text) {
        String value = text.trim();
        if (!plainCharacters(value)) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * A whole number, exactly as written: {@code [+-]digits[.digits][(e|E)[+-]digits]} in ASCII whose
     * value is whole and fits 64 bits ("5.0", "1e3", "9007199254740993.0"). Throws {@link
     * NumberFormatException} otherwise, also for "4.0000000000000001", which a parse to double took as 4.
     */
    public static long whole(String text) {
        String value = text.trim();
        // the characters first: BigDecimal, like Long.parseLong, also reads Arabic-Indic and full-width digits
        if (value.length() > MAX_WHOLE_CHARS || !plainCharacters(value)) {
            throw new NumberFormatException("not a whole number: " + Reasons.shorten(value));
        }
        try {
            // exact: a BigDecimal keeps every digit, and longValueExact refuses a fraction or an overflow
            return new BigDecimal(value).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new NumberFormatException("not a whole number that fits 64 bits: " + Reasons.shorten(value));
        }
    }

    /** Only ASCII digits, '.', signs and exponent marks; the parser then checks their order. */
    private static boolean plainCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** A whole double that no parse rounded to become one: |d| below {@link #EXACT_WHOLE_LIMIT}. */
    public static boolean isExactWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < EXACT_WHOLE_LIMIT;
    }
}
