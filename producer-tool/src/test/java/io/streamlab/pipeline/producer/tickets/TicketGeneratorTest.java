package io.streamlab.pipeline.producer.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TicketGeneratorTest {
    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final int N = 10_000;
    private static List<Ticket> tickets;

    @BeforeAll
    static void generate() {
        tickets = generate(7, N);
    }

    private static List<Ticket> generate(long seed, int n) {
        TicketGenerator generator = new TicketGenerator(seed, i -> START.plusMillis(i * 200));
        List<Ticket> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(generator.next());
        }
        return result;
    }

    @Test
    void theSameSeedGivesTheSameTickets() {
        assertEquals(tickets.subList(0, 1000), generate(7, 1000));
        List<Ticket> other = generate(8, 1000);
        assertNotEquals(tickets.get(0).ticketId(), other.get(0).ticketId());
        Set<String> ids = tickets.stream().map(Ticket::ticketId).collect(Collectors.toSet());
        assertTrue(other.stream().map(Ticket::ticketId).noneMatch(ids::contains), "another seed gives other ids");
    }

    @Test
    void everyTicketIsValidAgainstTheContract() throws Exception {
        Set<String> ids = new HashSet<>();
        for (Ticket t : tickets) {
            Ticket parsed = Tickets.parse(Json.write(t));
            assertEquals(t, parsed, "the JSON round trip gives the same ticket");
            assertTrue(t.ticketId().matches("TCK-[0-9A-Z]{13}"), t.ticketId());
            assertTrue(t.clientId().matches("CLI-00[0-4]\\d\\d|CLI-00500"), t.clientId());
            assertTrue(Set.of("email", "chat", "phone", "web").contains(t.channel()));
            assertTrue(!t.subject().isBlank() && !t.description().isBlank());
            ids.add(t.ticketId());
        }
        assertEquals(N, ids.size(), "ticket ids are unique");
    }

    @Test
    void typesPrioritiesAndClientsAreSkewedLikeRealSupport() {
        Map<String, Long> types = count(Ticket::type);
        assertTrue(
                types.get("incident") + types.get("question") + types.get("feature_request") > N * 0.85,
                types.toString());
        assertTrue(types.keySet().containsAll(Set.of("billing", "account", "other")), types.toString());

        Map<String, Long> priorities = count(Ticket::priority);
        assertShare(priorities.get("low"), 0.35);
        assertShare(priorities.get("medium"), 0.40);
        assertShare(priorities.get("high"), 0.18);
        assertShare(priorities.get("critical"), 0.07);

        Map<String, Long> clients = count(Ticket::clientId);
        long busiest =
                clients.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(clients.size() > 300 && clients.size() <= 500, "clients: " + clients.size());
        assertTrue(busiest > 5 * N / clients.size(), "the busiest client opens many tickets: " + busiest);
    }

    @Test
    void textsAreFrenchAndEnglishWithTheVocabularyOfTheirType() {
        List<String> incidents = texts("incident");
        assertTrue(incidents.stream().anyMatch(s -> s.contains("panne")));
        assertTrue(incidents.stream().anyMatch(s -> s.contains("timeout")));
        assertTrue(incidents.stream().anyMatch(s -> s.contains("crash")));
        assertTrue(incidents.stream().anyMatch(s -> s.toLowerCase().contains("login failure")));
        List<String> questions = texts("question");
        assertTrue(questions.stream().anyMatch(s -> s.startsWith("Comment")));
        assertTrue(questions.stream().anyMatch(s -> s.contains("facture")));
        assertTrue(questions.stream().anyMatch(s -> s.startsWith("How do I")));
        List<String> features = texts("feature_request");
        assertTrue(features.stream().anyMatch(s -> s.contains("ajouter") || s.contains("Ajouter")));
        assertTrue(features.stream().anyMatch(s -> s.contains("dark mode")));
        assertTrue(
                features.stream().anyMatch(s -> s.toLowerCase().contains("integration") || s.contains("intégration")));
        assertTrue(features.stream().anyMatch(s -> s.toLowerCase().contains("export")));

        List<String> descriptions = tickets.stream().map(Ticket::description).toList();
        assertTrue(descriptions.stream().anyMatch(d -> d.contains("\n")), "line breaks");
        assertTrue(descriptions.stream().anyMatch(d -> d.matches("(?s).*[éèç].*")), "accents");
        assertTrue(descriptions.stream().anyMatch(d -> d.contains("{product_purchased}")), "a raw placeholder");
        assertTrue(
                descriptions.stream()
                        .noneMatch(d ->
                                d.matches("(?s).*\\{(product|code|minutes|integration|browser|invoice|amount)}.*")),
                "every other placeholder is filled");
        long multiSentence =
                descriptions.stream().filter(d -> d.split("[.!?]").length >= 2).count();
        assertTrue(multiSentence > N * 0.9, "multi-sentence descriptions: " + multiSentence);
    }

    @Test
    void createdAtFollowsTheBaseTimeWithAFewSecondsOfJitter() {
        int outOfOrder = 0;
        for (int i = 0; i < tickets.size(); i++) {
            Instant created = Instant.parse(tickets.get(i).createdAt());
            Duration off = Duration.between(START.plusMillis(i * 200L), created).abs();
            assertTrue(off.toMillis() <= 4000, "jitter " + off);
            if (i > 0 && created.isBefore(Instant.parse(tickets.get(i - 1).createdAt()))) {
                outOfOrder++;
            }
        }
        assertTrue(outOfOrder > N / 50, "out of order: " + outOfOrder);
    }

    private static List<String> texts(String type) {
        return tickets.stream()
                .filter(t -> t.type().equals(type))
                .flatMap(t -> List.of(t.subject(), t.description()).stream())
                .toList();
    }

    private static Map<String, Long> count(Function<Ticket, String> key) {
        return tickets.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static void assertShare(long count, double expected) {
        double share = count / (double) N;
        assertTrue(Math.abs(share - expected) < 0.02, "share " + share + ", expected about " + expected);
    }
}
