package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.records.Ticket;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Deterministic, realistic support tickets: the same seed and times give the same tickets.
 *
 * <ul>
 *   <li>client_id from a stable pool CLI-00001..CLI-00500, Zipf-distributed (a few clients open many
 *       tickets); which clients are the busy ones does not depend on the seed;
 *   <li>type: incident 36%, question 30%, feature_request 24%, then billing, account, other;
 *   <li>priority: low 35%, medium 40%, high 18%, critical 7%; channel: email, web, chat, phone;
 *   <li>subject and a 2-4 sentence description in French or English, with vocabulary of the type,
 *       sometimes line breaks, now and then a raw placeholder such as {product_purchased};
 *   <li>ticket_id: TCK- and 13 base36 characters, a bijective mix of (seed, sequence): unique in a run;
 *   <li>created_at: {@code baseTime} of the ticket's sequence number, with a few seconds of jitter
 *       (about one ticket in five), so some arrive out of order.
 * </ul>
 */
public final class TicketGenerator {
    /** Bump when the generated content changes: it is part of the dataset's fingerprint. */
    public static final String VERSION = "ticket-generator-v1";

    /** The most a created_at is moved from its ticket's base time, either way. */
    public static final long MAX_JITTER_MS = 4000;

    public static final int CLIENTS = 500;
    private static final double ZIPF_EXPONENT = 0.9;
    private static final double[] CLIENT_CDF = zipfCdf(CLIENTS, ZIPF_EXPONENT);
    /** Client ids by rank: rank 0 is the busiest client; which one it is does not depend on the seed. */
    private static final String[] CLIENT_IDS = clientIds(0xC11E47L);

    private static final char[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private static final String[] TYPES = {"incident", "question", "feature_request", "billing", "account", "other"};
    private static final double[] TYPE_CDF = cdf(0.36, 0.30, 0.24, 0.04, 0.03, 0.03);
    private static final String[] PRIORITIES = {"low", "medium", "high", "critical"};
    private static final double[] PRIORITY_CDF = cdf(0.35, 0.40, 0.18, 0.07);
    private static final String[] CHANNELS = {"email", "web", "chat", "phone"};
    private static final double[] CHANNEL_CDF = cdf(0.40, 0.25, 0.25, 0.10);

    private final SplittableRandom random;
    private final long idSalt;
    private final LongFunction<Instant> baseTime;
    private long sequence;

    /** {@code baseTime}: the creation time of ticket n before jitter. */
    public TicketGenerator(long seed, LongFunction<Instant> baseTime) {
        this.random = new SplittableRandom(seed);
        this.idSalt = mix(seed ^ 0x7C3A_91E5_D24B_6F01L);
        this.baseTime = baseTime;
    }

    public Ticket next() {
        SplittableRandom r = random;
        long n = sequence++;
        String type = TYPES[pick(r, TYPE_CDF)];
        boolean french = r.nextBoolean();
        TicketTexts.Texts texts = (french ? TicketTexts.FR : TicketTexts.EN).get(type);
        String product = TicketGenerator.pick(r, french ? TicketTexts.PRODUCTS_FR : TicketTexts.PRODUCTS_EN);

        String subject = fill(r, pick(r, texts.subjects()), product, french);
        String description = description(r, texts, product, french);
        long jitterMs = r.nextDouble() < 0.2
                ? Math.round(Math.max(-MAX_JITTER_MS, Math.min(MAX_JITTER_MS, 1500 * r.nextGaussian())))
                : 0;
        Instant createdAt = baseTime.apply(n).plusMillis(jitterMs);
        return new Ticket(
                ticketId(n),
                client(r),
                DateTimeFormatter.ISO_INSTANT.format(createdAt),
                type,
                PRIORITIES[pick(r, PRIORITY_CDF)],
                subject,
                description,
                CHANNELS[pick(r, CHANNEL_CDF)],
                createdAt.toEpochMilli(),
                -1,
                -1L);
    }

    private String description(SplittableRandom r, TicketTexts.Texts texts, String product, boolean french) {
        int details = r.nextInt(3); // 0..2, plus an opening and a closing
        StringBuilder sb = new StringBuilder(fill(r, pick(r, texts.openings()), product, french));
        String separator = r.nextDouble() < 0.3 ? (r.nextDouble() < 0.3 ? "\n\n" : "\n") : " ";
        for (int i = 0; i < details; i++) {
            sb.append(separator).append(fill(r, pick(r, texts.details()), product, french));
        }
        if (r.nextDouble() < 0.05) {
            sb.append(french ? " Produit concerné : {product_purchased}." : " Product: {product_purchased}.");
        }
        sb.append(separator).append(pick(r, texts.closings()));
        return sb.toString();
    }

    private static String fill(SplittableRandom r, String template, String product, boolean french) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        String text = template.replace("{product}", product);
        if (text.contains("{code}")) {
            text = text.replace("{code}", pick(r, TicketTexts.CODES));
        }
        if (text.contains("{minutes}")) {
            text = text.replace("{minutes}", Integer.toString(1 + r.nextInt(30)));
        }
        if (text.contains("{integration}")) {
            text = text.replace("{integration}", pick(r, TicketTexts.INTEGRATIONS));
        }
        if (text.contains("{browser}")) {
            text = text.replace("{browser}", pick(r, TicketTexts.BROWSERS));
        }
        if (text.contains("{invoice}")) {
            text = text.replace("{invoice}", "F-" + (2023 + r.nextInt(3)) + "-" + (10_000 + r.nextInt(90_000)));
        }
        if (text.contains("{amount}")) {
            int cents = 2_000 + r.nextInt(98_000);
            text = text.replace(
                    "{amount}", cents / 100 + (french ? "," : ".") + (cents % 100 < 10 ? "0" : "") + cents % 100);
        }
        return text;
    }

    private static String client(SplittableRandom r) {
        int rank = Arrays.binarySearch(CLIENT_CDF, r.nextDouble());
        rank = rank >= 0 ? rank : Math.min(CLIENTS - 1, -rank - 1);
        return CLIENT_IDS[rank];
    }

    /** TCK- and 13 base36 characters; distinct sequence numbers give distinct ids (mix is a bijection). */
    String ticketId(long n) {
        long v = mix(idSalt + n);
        char[] id = {'T', 'C', 'K', '-', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
        for (int i = id.length - 1; v != 0; i--) {
            id[i] = BASE36[(int) Long.remainderUnsigned(v, 36)];
            v = Long.divideUnsigned(v, 36);
        }
        return new String(id);
    }

    /** SplitMix64's finaliser: a bijection of 64-bit values. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static int pick(SplittableRandom r, double[] cdf) {
        double u = r.nextDouble();
        for (int i = 0; i < cdf.length - 1; i++) {
            if (u < cdf[i]) {
                return i;
            }
        }
        return cdf.length - 1;
    }

    private static double[] cdf(double... weights) {
        double[] cdf = new double[weights.length];
        double sum = Arrays.stream(weights).sum();
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i] / sum;
            cdf[i] = acc;
        }
        cdf[weights.length - 1] = 1.0;
        return cdf;
    }

    private static double[] zipfCdf(int n, double s) {
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            weights[k] = 1.0 / Math.pow(k + 1, s);
        }
        return cdf(weights);
    }

    /** CLI-00001..CLI-00500 in a fixed shuffled order. */
    private static String[] clientIds(long seed) {
        String[] clients = new String[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = String.format(Locale.ROOT, "CLI-%05d", i + 1);
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = CLIENTS - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = clients[i];
            clients[i] = clients[j];
            clients[j] = t;
        }
        return clients;
    }
}
