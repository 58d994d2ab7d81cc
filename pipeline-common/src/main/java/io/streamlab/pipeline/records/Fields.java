package io.streamlab.pipeline.records;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of JSON fields with reasons a person understands ("popularity must be a whole number, got \"abc\""). */
final class Fields {
    private final JsonNode node;

    Fields(JsonNode node) {
        this.node = node;
    }

    String requiredText(String name) throws InvalidRecordException {
        String value = optionalText(name);
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException("missing required field '" + name + "'");
        }
        return value;
    }

    String optionalText(String name) throws InvalidRecordException {
        JsonNode field = node.get(name);
        if (field == null || field.isNull()) {
            return null;
        }
        if (field.isTextual()) {
            return field.textValue();
        }
        if (field.isNumber() || field.isBoolean()) {
            return field.asText();
        }
        throw wrongType(name, "a string", field);
    }

    long requiredLong(String name) throws InvalidRecordException {
        JsonNode field = present(name);
        if (field.isIntegralNumber() && field.canConvertToLong()) {
            return field.longValue();
        }
        if (field.isFloatingPointNumber() && field.doubleValue() == Math.rint(field.doubleValue())) {
            return (long) field.doubleValue();
        }
        if (field.isTextual()) {
            try {
                return Long.parseLong(field.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error naming the value
            }
        }
        throw wrongType(name, "a whole number", field);
    }

    int requiredInt(String name) throws InvalidRecordException {
        long value = requiredLong(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidRecordException("field '" + name + "' is out of range: " + value);
        }
        return (int) value;
    }

    double requiredDouble(String name) throws InvalidRecordException {
        JsonNode field = present(name);
        if (field.isNumber()) {
            return field.doubleValue();
        }
        if (field.isTextual()) {
            try {
                double parsed = Double.parseDouble(field.textValue().trim());
                if (Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // fall through to the error naming the value
            }
        }
        throw wrongType(name, "a number", field);
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
            throw new InvalidRecordException("missing required field '" + name + "'");
        }
        return field;
    }

    private static InvalidRecordException wrongType(String name, String expected, JsonNode field) {
        String shown = field.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return new InvalidRecordException("field '" + name + "' must be " + expected + ", got " + shown);
    }
}
