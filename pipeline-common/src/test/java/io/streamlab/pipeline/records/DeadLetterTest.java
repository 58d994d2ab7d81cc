package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A dead letter's size is bounded whatever its input, by what its sink is sized for. */
class DeadLetterTest {
    private static final String LONGEST_TOPIC = "t".repeat(249);

    private static int jsonBytes(DeadLetter d) {
        return Json.write(d).length;
    }

    @Test
    void theLargestDeadLetterFitsMaxJsonBytes() {
        byte[] controlCharacters = new byte[1 << 20];
        Arrays.fill(controlCharacters, (byte) 1); // each written as \u0001, six bytes
        String reason = "\u0001".repeat(10_000);
        for (RejectCategory category : RejectCategory.values()) {
            DeadLetter fromBytes = DeadLetter.of(
                    LONGEST_TOPIC,
                    Integer.MIN_VALUE,
                    Long.MIN_VALUE,
                    category,
                    reason,
                    controlCharacters,
                    Long.MIN_VALUE);
            assertThat(fromBytes.raw()).hasSize(DeadLetter.MAX_RAW_CHARS);
            assertThat(jsonBytes(fromBytes)).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
            DeadLetter fromText = DeadLetter.of(
                    LONGEST_TOPIC,
                    Integer.MIN_VALUE,
                    Long.MIN_VALUE,
                    category,
                    reason,
                    new String(controlCharacters, StandardCharsets.UTF_8),
                    Long.MIN_VALUE);
            assertThat(jsonBytes(fromText)).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        }
        assertThat(jsonBytes(
                        DeadLetter.of(LONGEST_TOPIC, 0, 0, RejectCategory.INVALID_JSON, reason, controlCharacters, 0)))
                .as("the bound is not far above the worst case either")
                .isGreaterThan(DeadLetter.MAX_JSON_BYTES * 9 / 10);
    }
}
