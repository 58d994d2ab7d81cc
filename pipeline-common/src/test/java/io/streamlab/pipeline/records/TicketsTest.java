package io.streamlab.pipeline.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TicketsTest {
    static Ticket parse(String json) throws InvalidRecordException {
        return Tickets.parse(json.getBytes(StandardCharsets.UTF_8), 100);
    }

    static String reason(String json) {
        return assertThrows(InvalidRecordException.class, () -> parse(json)).getMessage();
    }

    @Test
    void parsesAndNormalises() throws Exception {
        Ticket t = parse("""
                {"ticket_id":"T1","client_id":"C9","created_at":"2026-11-24T10:15:30+01:00","type":" incident ",
                 "priority":"HIGH","subject":"Écran noir","description":"L'application plante\\nà chaque fois",
                 "channel":"email"}""");
        assertEquals("2026-11-24T09:15:30Z", t.createdAt());
        assertEquals(java.time.Instant.parse("2026-11-24T09:15:30Z").toEpochMilli(), t.eventTimeMillis());
        assertEquals("incident", t.type());
        assertEquals("high", t.priority());
        assertEquals("L'application plante\nà chaque fois", t.description());
        String json = new String(Json.write(t), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"ticket_id\":\"T1\",\"client_id\":\"C9\",\"created_at\""), json);
        assertTrue(!json.contains("event_time"), json);
    }

    @Test
    void timestampsWithoutAnOffsetAreUtc() throws Exception {
        assertEquals("2026-11-24T10:15:30Z", parse(ticket("2026-11-24T10:15:30", "low")).createdAt());
        assertEquals("2026-11-24T10:15:30Z", parse(ticket("2026-11-24 10:15:30", "low")).createdAt());
    }

    @Test
    void explainsWhatIsWrong() {
        assertEquals("missing required field 'ticket_id'", reason("{\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"));
        assertEquals("missing required field 'client_id'", reason("{\"ticket_id\":\"T\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"));
        assertEquals("missing required field 'type'", reason("{\"ticket_id\":\"T\",\"client_id\":\"C\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"));
        assertEquals("created_at is not an ISO-8601 timestamp: 'yesterday'", reason(ticket("yesterday", "low")));
        assertEquals("unknown priority 'urgent' (expected low, medium, high or critical)", reason(ticket("2026-01-01T00:00:00Z", "urgent")));
        String tooLong = "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"priority\":\"low\",\"description\":\"" + "x".repeat(101) + "\"}";
        assertTrue(reason(tooLong).startsWith("description is too long: 101 characters"));
    }

    static String ticket(String createdAt, String priority) {
        return "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"question\",\"created_at\":\"" + createdAt
                + "\",\"priority\":\"" + priority + "\"}";
    }
}
