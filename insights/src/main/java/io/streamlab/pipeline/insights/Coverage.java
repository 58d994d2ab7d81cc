package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The event time a stream's windows cover, in epoch milliseconds: all of it ({@code from} to {@code to}),
 * and its bulk, from the window holding the 1st percentile of its records to the end of the one holding
 * the 99th ({@code bulkFrom} to {@code bulkTo}). One odd record years away from the rest (a wrong
 * {@code created_at}) stretches the first, not the second, and must not squeeze the rest of a time axis
 * into a corner: {@link #drawnFrom()} and {@link #drawnTo()} are the range a time axis draws.
 */
public record Coverage(long from, long to, long bulkFrom, long bulkTo) {
    /** The bulk of a stream's records: from the 1st to the 99th percentile of their event times. */
    public static final double BULK_FROM = 0.01;

    public static final double BULK_TO = 0.99;

    /** How far beyond its bulk a time axis goes, as a share of the bulk's length. */
    static final double MARGIN = 0.1;

    /** The coverage of a windowed view, {@code count} being its records per row; null when it has none. */
    static Coverage of(ParquetCatalog catalog, String view, String count) {
        JsonNode row = catalog.row(Queries.coverage(view, count), BULK_FROM, BULK_TO);
        if (!row.path("bulk_from").isNumber()) {
            return null;
        }
        return new Coverage(
                row.get("first_start").asLong(),
                row.get("last_end").asLong(),
                row.get("bulk_from").asLong(),
                row.get("bulk_to").asLong());
    }

    /**
     * True when the full range is more than twice as long as the bulk: drawn whole, it would leave the bulk
     * less than half the axis. Then the axis draws the bulk and a margin of a tenth of its length on
     * either side, and says how many records it leaves out.
     */
    public boolean stretched() {
        return to - from > 2 * (bulkTo - bulkFrom);
    }

    public long drawnFrom() {
        return stretched() ? Math.max(from, bulkFrom - margin()) : from;
    }

    public long drawnTo() {
        return stretched() ? Math.min(to, bulkTo + margin()) : to;
    }

    private long margin() {
        return Math.round((bulkTo - bulkFrom) * MARGIN);
    }
}
