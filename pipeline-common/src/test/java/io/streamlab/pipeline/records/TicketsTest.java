package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketsTest {
    static final PipelineConfig.Limits LIMITS = PipelineConfig.defaults().limits();
    static final long NOW = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

    static Ticket parse(String json) throws InvalidRecordException {
        return Tickets.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS, NOW);
    }

    static InvalidRecordException rejection(String json) {
        return assertThrows(InvalidRecordException.class, () -> parse(json));
    }

    static String reason(String json) {
        return rejection(json).getMessage();
    }

    @Test
    void parsesAndNormalises() throws Exception {
        Ticket t = parse("""
                {"ticket_id":"T1","client_id":"C9","created_at":"2026-11-24T10:15:30+01:00","type":" incident ",
                 "priority":"HIGH","subject":"Écran noir","description":"L'application plante\\nà chaque fois",
                 "channel":"email"}""");
        assertThat(t.createdAt()).isEqualTo("2026-11-24T09:15:30Z");
        assertThat(t.eventTimeMillis())
                .isEqualTo(Instant.parse("2026-11-24T09:15:30Z").toEpochMilli());
        assertThat(t.type()).isEqualTo("incident");
        assertThat(t.priority()).isEqualTo("high");
        assertThat(t.description()).isEqualTo("L'application plante\nà chaque fois");
        String json = new String(Json.write(t), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"ticket_id\":\"T1\",\"client_id\":\"C9\",\"created_at\"")
                .doesNotContain("event_time");
    }

    @Test
    void timestampsWithoutAnOffsetAreUtc() throws Exception {
        assertThat(parse(ticket("2026-11-24T10:15:30", "low")).createdAt()).isEqualTo("2026-11-24T10:15:30Z");
        assertThat(parse(ticket("2026-11-24 10:15:30", "low")).createdAt()).isEqualTo("2026-11-24T10:15:30Z");
    }

    @Test
    void wholeNumberIdsBecomeStrings() throws Exception {
        Ticket t = parse("{\"ticket_id\":12345,\"client_id\":7,\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"priority\":\"low\"}");
        assertThat(t.ticketId()).isEqualTo("12345");
        assertThat(t.clientId()).isEqualTo("7");
    }

    @Test
    void aValueIsOneTicketOrNoneAndATextIsNoDouble() {
        String one = ticket("2026-11-24T10:15:30Z", "low");
        assertThat(rejection(one + one).category()).isEqualTo(RejectCategory.INVALID_JSON);
        assertThat(rejection(one + "\n" + one + "\n").category()).isEqualTo(RejectCategory.INVALID_JSON);
        assertThat(rejection(one + ",").category()).isEqualTo(RejectCategory.INVALID_JSON);
        // the type -Infinity was a key of stats_by_type
        assertThat(rejection(one.replace("\"type\":\"question\"", "\"type\":-1e400"))
                        .category())
                .isEqualTo(RejectCategory.WRONG_TYPE);
        assertThat(reason(one.replace("\"type\":\"question\"", "\"type\":1e2")))
                .startsWith("field 'type' must be a string or a whole number");
        assertThat(rejection(one.replace("\"type\":\"question\"", "\"type\":1e2"))
                        .category())
                .isEqualTo(RejectCategory.WRONG_TYPE);
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(
                        reason(
                                "{\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"))
                .isEqualTo("missing required field 'ticket_id'");
        assertThat(
                        reason(
                                "{\"ticket_id\":\"T\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"))
                .isEqualTo("missing required field 'client_id'");
        assertThat(
                        reason(
                                "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"))
                .isEqualTo("missing required field 'type'");
        assertThat(reason(ticket("yesterday", "low")))
                .isEqualTo("field 'created_at' is not an ISO-8601 timestamp: 'yesterday'");
        assertThat(reason(ticket("2026-01-01T00:00:00Z", "urgent")))
                .isEqualTo("unknown priority 'urgent' (expected low, medium, high or critical)");
        assertThat(reason(withField("description", "x".repeat(20_001))))
                .startsWith(
                        "field 'description' is too long: 20001 characters, above tickets.description.max-chars (20000)");
    }

    @Test
    void theHostileTicketsOfTheIssueAreRejectedWithTheirCategory() {
        // used to throw ArithmeticException (long overflow) and fail the source task
        assertCategory(ticket("+300000000-01-01T00:00:00Z", "low"), RejectCategory.IMPLAUSIBLE_EVENT_TIME);
        assertCategory(withField("subject", "x".repeat(900_000)), RejectCategory.TOO_LONG);
        assertCategory(
                withField("subject", "s").replace("\"q\"", "\"" + "t".repeat(500_000) + "\""), RejectCategory.TOO_LONG);
        assertCategory(
                "{\"ticket_id\":12345.5,\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\","
                        + "\"priority\":\"low\"}",
                RejectCategory.WRONG_TYPE);
        InvalidRecordException priority = rejection(ticket("2026-01-01T00:00:00Z", "p".repeat(900_000)));
        assertThat(priority.category()).isEqualTo(RejectCategory.OUT_OF_RANGE);
        assertThat(priority.getMessage()).hasSizeLessThan(250).contains("(900000 characters)");
    }

    @Test
    void moreHostileTickets() {
        assertCategory(ticket("1999-12-31T23:59:59Z", "low"), RejectCategory.IMPLAUSIBLE_EVENT_TIME);
        assertCategory(ticket("2026-11-30T01:00:01Z", "low"), RejectCategory.IMPLAUSIBLE_EVENT_TIME);
        assertCategory(ticket("-999999999-01-01T00:00:00Z", "low"), RejectCategory.IMPLAUSIBLE_EVENT_TIME);
        assertCategory(
                ticket("2026-01-01T00:00:00Z" + " ".repeat(10) + "x".repeat(100_000), "low"),
                RejectCategory.WRONG_TYPE);
        assertCategory(ticket("2026-02-30T00:00:00Z", "low"), RejectCategory.WRONG_TYPE);
        assertCategory(withField("channel", "c".repeat(65)), RejectCategory.TOO_LONG);
        assertCategory(withField("subject", "s".repeat(1001)), RejectCategory.TOO_LONG);
        assertCategory(
                "{\"ticket_id\":\"" + "i".repeat(129) + "\",\"client_id\":\"C\",\"type\":\"q\","
                        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}",
                RejectCategory.TOO_LONG);
        assertCategory(
                "{\"ticket_id\":[1],\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\","
                        + "\"priority\":\"low\"}",
                RejectCategory.WRONG_TYPE);
        assertCategory(
                "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":{},\"created_at\":\"2026-01-01T00:00:00Z\","
                        + "\"priority\":\"low\"}",
                RejectCategory.WRONG_TYPE);
        assertCategory("{\"ticket_id\":\"T\"", RejectCategory.INVALID_JSON);
        assertCategory("\"just a string\"", RejectCategory.INVALID_JSON);
    }

    @Test
    void aTypeOfControlCharactersIsMissingNotAnEmptyType() {
        for (String blank : new String[] {"\\u0000", "\\u0001\\u001f", " \\t\\u0000 ", "\\u007f", "\\u0085 \\u009f"}) {
            assertThat(reason("{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"" + blank
                            + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}"))
                    .isEqualTo("missing required field 'type'");
        }
    }

    @Test
    void anUnpairedSurrogateInAnyTextIsInvalidAndAPairIsText() throws Exception {
        for (String field : new String[] {"subject", "description", "channel"}) {
            assertThat(reason(withField(field, "a\\ud800b")))
                    .isEqualTo(
                            "field '" + field + "' is not Unicode text: an unpaired surrogate \\uD800 at character 2");
            assertCategory(withField(field, "\\udc00"), RejectCategory.INVALID_JSON);
            assertCategory(withField(field, "ab\\udbff"), RejectCategory.INVALID_JSON);
        }
        assertCategory(
                "{\"ticket_id\":\"T\\udfff\",\"client_id\":\"C\",\"type\":\"q\","
                        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}",
                RejectCategory.INVALID_JSON);
        assertCategory(
                "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"q\\ud800\","
                        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"priority\":\"low\"}",
                RejectCategory.INVALID_JSON);
        assertThat(parse(withField("subject", "emoji \\ud83d\\ude00 ok")).subject())
                .isEqualTo("emoji \uD83D\uDE00 ok");
    }

    /** Jackson's default bound of 20 million characters for a string is not the pipeline's: the limits are. */
    @Test
    void aTextAboveTwentyMillionCharactersIsTakenWhenTheLimitsAllowIt() throws Exception {
        PipelineConfig.Limits raised = PipelineConfig.load(
                        java.util.List.of(
                                "--limits.record.max-bytes", "67108864", "--tickets.description.max-chars", "30000000"),
                        java.util.Map.of())
                .limits();
        String description = "d".repeat(21_000_000);
        Ticket t = Tickets.parse(withField("description", description).getBytes(StandardCharsets.UTF_8), raised, NOW);
        assertThat(t.description()).hasSize(21_000_000);
    }

    static String ticket(String createdAt, String priority) {
        return "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"question\",\"created_at\":\"" + createdAt
                + "\",\"priority\":\"" + priority + "\"}";
    }

    static String withField(String name, String value) {
        return "{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"priority\":\"low\",\"" + name + "\":\"" + value + "\"}";
    }

    private static void assertCategory(String json, RejectCategory category) {
        InvalidRecordException e = rejection(json);
        assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
        assertThat(e.getMessage()).hasSizeLessThan(400);
    }
}
