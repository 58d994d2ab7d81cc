package io.streamlab.pipeline.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one JSON mapping of the pipeline's records: snake_case names, as in the contract. */
public final class Json {
    /**
     * Jackson refuses strings above 20 million characters by default, which made a valid record whose
     * bounds were raised that far an invalid-json dead letter; a record is bounded by its size
     * ({@code limits.record.max-bytes}) before it is parsed, and a text by its own limit after.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // {"popularity":1,"popularity":99} was read as 99, where another reader (DuckDB, a Python
            // consumer) may take the first: a record with a name twice has no one meaning. Checked as
            // the tree is built, so it costs nothing unless a name repeats.
            .configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, true);

    private static final Pattern DUPLICATE_NAME = Pattern.compile("^Duplicate field '(.*)' for `ObjectNode`");

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Parses a JSON object of at most {@code maxBytes}, or says in plain words why the bytes are not one.
     * The size is checked first, so a huge value costs nothing to refuse.
     */
    static JsonNode object(byte[] value, int maxBytes, String limitKey) throws InvalidRecordException {
        if (value != null && value.length > maxBytes) {
            throw new InvalidRecordException(
                    RejectCategory.TOO_LONG,
                    "record is too large: " + value.length + " bytes, above " + limitKey + " (" + maxBytes + ")");
        }
        if (value == null || value.length == 0) {
            throw new InvalidRecordException(RejectCategory.INVALID_JSON, "empty record: the value is empty");
        }
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(value)) {
            node = MAPPER.readTree(parser);
            // a second object after the first ({..}{..}, or one per line from a batching producer) was
            // dropped without a word: the value is one record or none
            if (node != null && parser.nextToken() != null) {
                throw new InvalidRecordException(
                        RejectCategory.INVALID_JSON,
                        "invalid JSON: more after the first value, at byte "
                                + (parser.currentTokenLocation().getByteOffset() + 1)
                                + " (one record per Kafka value)");
            }
        } catch (IOException e) {
            throw new InvalidRecordException(RejectCategory.INVALID_JSON, invalid(e));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException(
                    RejectCategory.INVALID_JSON,
                    "invalid JSON: expected an object, got "
                            + (node == null ? "nothing" : describe(node.getNodeType())));
        }
        return node;
    }

    /**
     * Why a value is not JSON, from Jackson's exception: the first line of its message, whose quote of the
     * offending text (up to 256 characters, control characters as they are) is cut as {@link Reasons#quote}
     * cuts a value.
     */
    public static String invalid(IOException e) {
        String detail =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        Matcher duplicate = DUPLICATE_NAME.matcher(detail);
        if (e instanceof MismatchedInputException && duplicate.find()) {
            return "invalid JSON: the name " + Reasons.quote(duplicate.group(1))
                    + " appears twice in one object (which value counts is not defined)";
        }
        return "invalid JSON: " + Reasons.cap(Reasons.quotedWithin(detail), 200);
    }

    static String describe(JsonNodeType type) {
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL, MISSING -> "null";
            default -> type.name().toLowerCase();
        };
    }
}
