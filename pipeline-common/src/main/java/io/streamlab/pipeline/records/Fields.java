package io.streamlab.pipeline.records;

import static io.streamlab.pipeline.records.RejectCategory.INVALID_JSON;
import static io.streamlab.pipeline.records.RejectCategory.MISSING_FIELD;
import static io.streamlab.pipeline.records.RejectCategory.OUT_OF_RANGE;
import static io.streamlab.pipeline.records.RejectCategory.TOO_LONG;
import static io.streamlab.pipeline.records.RejectCategory.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of JSON fields with reasons a person understands ("field 'popularity' must be a whole
 * number, got 'abc'"). Every read is total: whatever the JSON holds, the result is a value or an
 * {@link InvalidRecordException}, never an overflow or a saturated number.
 */
public final class Fields {
    private final JsonNode node;

    Fields(JsonNode node) {
        this.node = node;
    }

    /**
     * The text the parsers read from the JSON value of field {@code name}, before their bounds: a string; a
     * whole number as its digits; a boolean as true or false, except in an id. Any other value is refused:
     * its text would be Java's rendering of it ("1e2" became "100.0", 1e400 the genre "Infinity", {"a":1} a
     * client id), not what was written. The producer's file readers read JSON rows with this rule too.
     */
    public static String text(String name, JsonNode field, boolean id) throws InvalidRecordException {
        if (field.isTextual()) {
            return field.textValue();
        }
        if (field.isIntegralNumber()) {
            return field.bigIntegerValue().toString();
        }
        if (field.isBoolean() && !id) {
            return field.asText();
        }
        throw wrongType(name, id || field.isNumber() ? "a string or a whole number" : "a string", field);
    }

    /** An id: a non-blank string, or a whole JSON number written as its digits; at most {@code maxChars}. */
    String id(String name, int maxChars, String limitKey) throws InvalidRecordException {
        JsonNode field = present(name);
        String value = text(name, field, true);
        if (field.isTextual()) {
            value = unicode(name, Blanks.strip(value));
        }
        if (blank(value)) {
            throw missing(name);
        }
        return bounded(name, value, maxChars, limitKey);
    }

    /** The one rule of a blank text, for every required field and each artist name: {@link Blanks#isBlank}. */
    static boolean blank(String value) {
        return Blanks.isBlank(value);
    }

    /** A text that holds more than whitespace and control characters (which the parsers trim away). */
    String requiredText(String name, int maxChars, String limitKey) throws InvalidRecordException {
        String value = optionalText(name, maxChars, limitKey);
        if (value == null || blank(value)) {
            throw missing(name);
        }
        return value;
    }

    /**
     * A string, or a whole number or boolean read as its text (an album called 1989); at most {@code
     * maxChars}. Not a number with a fraction or an exponent: its text would be Java's rendering of a double
     * ("1e2" became "100.0", 1e400 the genre "Infinity"), not what was written.
     */
    String optionalText(String name, int maxChars, String limitKey) throws InvalidRecordException {
        JsonNode field = node.get(name);
        if (field == null || field.isNull()) {
            return null;
        }
        String value = bounded(name, text(name, field, false), maxChars, limitKey);
        return field.isTextual() ? unicode(name, value) : value;
    }

    static String bounded(String name, String value, int maxChars, String limitKey) throws InvalidRecordException {
        if (value.length() > maxChars) {
            throw new InvalidRecordException(
                    TOO_LONG,
                    "field '" + name + "' is too long: " + value.length() + " characters, above " + limitKey + " ("
                            + maxChars + "): " + Reasons.quote(value));
        }
        return value;
    }

    /**
     * Refuses a text with an unpaired surrogate (a JSON escape of U+D800 to U+DFFF not in a pair): UTF-8
     * cannot hold one, so Parquet and Kafka keys would write '?' where the JSON outputs keep the escape, and
     * two distinct values would become one key. Jackson decodes the three bytes of a surrogate (ED A0 80)
     * into the same char, so this check covers them too. Checked once, as a field is read from JSON: only JSON escapes make one, and {@link #bounded}
     * runs again in {@code Tracks.validate}, on the hot path.
     */
    private static String unicode(String name, String value) throws InvalidRecordException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidRecordException(
                            INVALID_JSON,
                            "field '" + name + "' is not Unicode text: an unpaired surrogate \\u"
                                    + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at character "
                                    + (i + 1));
                }
            }
        }
        return value;
    }

    long requiredLong(String name) throws InvalidRecordException {
        JsonNode field = present(name);
        if (field.isIntegralNumber()) {
            if (field.canConvertToLong()) {
                return field.longValue();
            }
            throw outOfRange(name, field.asText(), "a whole number that fits 64 bits");
        }
        if (field.isFloatingPointNumber()) {
            double d = field.doubleValue();
            if (NumberText.isExactWhole(d)) {
                return (long) d;
            }
            if (d == Math.rint(d)) {
                // 9007199254740993.0 is ...992 once parsed: only digits say such a number exactly
                throw outOfRange(
                        name,
                        field.asText(),
                        "a whole number; above 2^53, written as digits without a fraction or exponent");
            }
        }
        if (field.isTextual()) {
            try {
                return NumberText.whole(field.textValue());
            } catch (NumberFormatException e) {
                // fall through to the error naming the value
            }
        }
        throw wrongType(name, "a whole number", field);
    }

    int requiredInt(String name) throws InvalidRecordException {
        long value = requiredLong(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw outOfRange(name, Long.toString(value), "a whole number that fits 32 bits");
        }
        return (int) value;
    }

    double requiredDouble(String name) throws InvalidRecordException {
        JsonNode field = present(name);
        double value = Double.NaN;
        if (field.isNumber()) {
            value = field.doubleValue();
        } else if (field.isTextual()) {
            value = NumberText.decimal(field.textValue());
            if (Double.isNaN(value)) {
                throw wrongType(name, "a number", field);
            }
        } else {
            throw wrongType(name, "a number", field);
        }
        if (!Double.isFinite(value)) {
            throw outOfRange(name, field.asText(), "a finite number");
        }
        return value;
    }

    boolean requiredBoolean(String name) throws InvalidRecordException {
        JsonNode field = present(name);
        if (field.isBoolean()) {
            return field.booleanValue();
        }
        if (field.isTextual()) {
            String text = field.textValue().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw wrongType(name, "true or false", field);
    }

    private JsonNode present(String name) throws InvalidRecordException {
        JsonNode field = node.get(name);
        if (field == null || field.isNull()) {
            throw missing(name);
        }
        return field;
    }

    static InvalidRecordException missing(String name) {
        return new InvalidRecordException(MISSING_FIELD, "missing required field '" + name + "'");
    }

    static InvalidRecordException outOfRange(String name, String value, String expected) {
        return new InvalidRecordException(
                OUT_OF_RANGE,
                "field '" + name + "' is out of range: " + Reasons.shorten(value) + " (expected " + expected + ")");
    }

    private static InvalidRecordException wrongType(String name, String expected, JsonNode field) {
        // containers are named, not printed: a huge array would make a huge reason
        String shown = field.isContainerNode() ? Json.describe(field.getNodeType()) : Reasons.quote(field.asText());
        return new InvalidRecordException(WRONG_TYPE, "field '" + name + "' must be " + expected + ", got " + shown);
    }
}
