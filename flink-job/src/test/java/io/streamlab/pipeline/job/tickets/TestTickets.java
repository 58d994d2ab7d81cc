package io.streamlab.pipeline.job.tickets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.records.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic ticket generator for tests and the benchmark. Each generated ticket knows the values
 * the pipeline should derive from it (event time, normalised type, priority), written here
 * independently of the job's code, so expected figures do not reuse what they check.
 *
 * <p>The i-th ticket is at {@code start + i * step} minus a jitter of up to {@link #MAX_JITTER_MS}:
 * slightly out of order but never late for a watermark out-of-orderness of 10 s, whatever the partition.
 */
public final class TestTickets {
    public static final long MAX_JITTER_MS = 5_000;

    /** A raw type as a customer system may write it, and the normalised type the job should count it as. */
    public record TypeSpelling(String raw, String normalised) {}

    public static final List<TypeSpelling> TYPES = List.of(
            new TypeSpelling("incident", "incident"),
            new TypeSpelling("INCIDENT", "incident"),
            new TypeSpelling(" Incident ", "incident"),
            new TypeSpelling("question", "question"),
            new TypeSpelling("Question", "question"),
            new TypeSpelling("feature_request", "feature_request"),
            new TypeSpelling("Feature request", "feature_request"),
            new TypeSpelling("feature-request", "feature_request"),
            new TypeSpelling("Technical issue", "technical_issue"),
            new TypeSpelling(" billing  INQUIRY ", "billing_inquiry"),
            new TypeSpelling("Refund request", "refund_request"));

    static final List<String> PRIORITIES = List.of("low", "medium", "high", "critical");
    static final List<String> CHANNELS = List.of("email", "chat", "phone", "web");

    static final List<String> SUBJECTS = List.of(
            "Problème de connexion",
            "Écran noir au démarrage",
            "Can't log in to my account",
            "Refund for {product_purchased}",
            "Question sur la facturation",
            "Printer won't print",
            "L'application plante",
            "Delivery delayed again",
            "Mot de passe oublié",
            "Feature idea: dark mode");

    static final List<String> DESCRIPTIONS = List.of(
            "Bonjour,\nl'application plante quand j'ouvre l'écran de facturation. C'est un problème depuis la mise à jour.\r\nMerci d'avance, cordialement",
            "Hello, I'm having an issue with {product_purchased}. It's the customer's third attempt and the screen stays black. Please assist.",
            "Le produit {{product_name}} n'arrive toujours pas, jusqu'à quand dois-je attendre ? Commande 123456.",
            "<p>The <b>printer</b> doesn't respond</p><br/>See https://support.example.com/kb/42?lang=en for the error 404.",
            "J'ai été facturé deux fois pour mon abonnement. Contactez-moi à jean.dupont@example.fr s'il vous plaît.",
            "I've tried resetting the router; the wifi keeps dropping &amp; the mp3 player won't sync. Thanks!",
            "Qu'il soit clair : la batterie se décharge en deux heures. Straße, café, naïve — tout s'affiche mal.",
            "My account's password reset e-mail never arrives. I checked the spam folder twice.",
            "Pourriez-vous ajouter un mode sombre ? L’interface est trop lumineuse le soir.",
            "The app crashes when I upload a photo larger than 10 MB on Android 14.",
            "",
            "Remboursement demandé pour {product_purchased} acheté le 2024-01-05, numéro 98765.");

    private TestTickets() {}

    /** A generated ticket: its JSON and what the pipeline should make of it. */
    public record Generated(
            String ticketId,
            String clientId,
            long createdAtMillis,
            TypeSpelling type,
            String priority,
            String subject,
            String description,
            String channel,
            byte[] json) {
        public String normalisedType() {
            return type.normalised();
        }
    }

    public static List<Generated> generate(String idPrefix, int count, long startMillis, long stepMillis, long seed) {
        return generate(idPrefix, count, startMillis, stepMillis, seed, TYPES);
    }

    public static List<Generated> generate(
            String idPrefix, int count, long startMillis, long stepMillis, long seed, List<TypeSpelling> types) {
        Random random = new Random(seed);
        List<Generated> tickets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tickets.add(next(idPrefix + i, random, startMillis + i * stepMillis, types));
        }
        return tickets;
    }

    /** One ticket at about {@code baseMillis}, drawn from {@code random}. */
    public static Generated next(String ticketId, Random random, long baseMillis, List<TypeSpelling> types) {
        long createdAt = Math.max(0, baseMillis - random.nextInt((int) MAX_JITTER_MS + 1));
        TypeSpelling type = types.get(random.nextInt(types.size()));
        String priority = PRIORITIES.get(random.nextInt(PRIORITIES.size()));
        String rawPriority = switch (random.nextInt(4)) {
            case 0 -> priority.toUpperCase();
            case 1 -> " " + priority + " ";
            case 2 -> Character.toUpperCase(priority.charAt(0)) + priority.substring(1);
            default -> priority;
        };
        String clientId = "C" + random.nextInt(60);
        String subject = random.nextInt(10) == 0 ? null : SUBJECTS.get(random.nextInt(SUBJECTS.size()));
        String description = DESCRIPTIONS.get(random.nextInt(DESCRIPTIONS.size()));
        String channel = random.nextInt(5) == 0 ? null : CHANNELS.get(random.nextInt(CHANNELS.size()));

        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ticket_id", ticketId);
        node.put("client_id", clientId);
        node.put("created_at", createdAtText(createdAt, random.nextInt(4)));
        node.put("type", type.raw());
        node.put("priority", rawPriority);
        if (subject != null) {
            node.put("subject", subject);
        }
        node.put("description", description);
        if (channel != null) {
            node.put("channel", channel);
        }
        return new Generated(
                ticketId, clientId, createdAt, type, priority, subject, description, channel, Json.write(node));
    }

    /** The same instant written the ways the contract allows. */
    static String createdAtText(long millis, int style) {
        Instant instant = Instant.ofEpochMilli(millis);
        return switch (style) {
            case 0 -> DateTimeFormatter.ISO_INSTANT.format(instant);
            case 1 -> instant.atOffset(ZoneOffset.ofHours(2)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case 2 ->
                LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
            default -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        };
    }
}
