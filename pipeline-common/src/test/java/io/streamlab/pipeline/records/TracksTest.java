package io.streamlab.pipeline.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TracksTest {
    static final Track TRACK = new Track("5SuOikwiRyPMVoIQDJUgSV", "Gen Hoshino;Beyoncé", "Comedy", "Comedy", 73, 230666,
            false, 0.676, 0.461, 1, -6.746, 0, 0.143, 0.0322, 1.01e-06, 0.358, 0.715, 87.917, 4, "acoustic",
            1_700_000_000L, 0, -1, -1L);

    static byte[] with(String field, Object value) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Json.write(TRACK));
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, Json.MAPPER.valueToTree(value));
        }
        return Json.MAPPER.writeValueAsBytes(node);
    }

    static String reason(byte[] value) {
        return assertThrows(InvalidRecordException.class, () -> Tracks.parse(value)).getMessage();
    }

    @Test
    void roundTripsThroughTheContractJson() throws Exception {
        String json = new String(Json.write(TRACK), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"track_id\":\"5SuOikwiRyPMVoIQDJUgSV\""), json);
        assertTrue(json.contains("\"time_signature\":4") && json.contains("\"track_genre\":\"acoustic\""), json);
        assertTrue(!json.contains("source_partition") && !json.contains("event_time"), json);
        assertEquals(TRACK, Tracks.parse(Json.write(TRACK)));
    }

    @Test
    void acceptsNumbersWrittenAsStringsAndBooleansAsText() throws Exception {
        assertEquals(73, Tracks.parse(with("popularity", "73")).popularity());
        assertEquals(1.01e-06, Tracks.parse(with("instrumentalness", "1.01e-06")).instrumentalness());
        assertTrue(Tracks.parse(with("explicit", "True")).explicit());
    }

    @Test
    void explainsWhatIsWrong() throws Exception {
        assertTrue(reason("not json".getBytes(StandardCharsets.UTF_8)).startsWith("invalid JSON"));
        assertEquals("invalid JSON: expected an object, got an array", reason("[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertEquals("empty record: the value is empty", reason(new byte[0]));
        assertEquals("missing required field 'track_id'", reason(with("track_id", null)));
        assertEquals("missing required field 'artists'", reason(with("artists", " ")));
        assertEquals("missing required field 'track_genre'", reason(with("track_genre", null)));
        assertEquals("field 'popularity' must be a whole number, got \"high\"", reason(with("popularity", "high")));
        assertEquals("field 'popularity' is out of range: 101 (expected 0 to 100)", reason(with("popularity", 101)));
        assertEquals("field 'danceability' is out of range: 1.5 (expected 0 to 1)", reason(with("danceability", 1.5)));
        assertEquals("field 'explicit' must be true or false, got \"maybe\"", reason(with("explicit", "maybe")));
        assertEquals("field 'mode' is out of range: 2 (expected 0 or 1)", reason(with("mode", 2)));
        assertEquals("field 'key' is out of range: 12 (expected -1 to 11)", reason(with("key", 12)));
        assertEquals("field 'duration_ms' is out of range: 0 (expected above 0)", reason(with("duration_ms", 0)));
        assertEquals("missing required field 'timestamp'", reason(with("timestamp", null)));
    }
}
