package io.streamlab.pipeline.job.tickets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamlab.pipeline.job.windows.HyperLogLog;
import io.streamlab.pipeline.job.windows.MergingAggregate;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts of one type in one window plus its distinct clients: exactly, as a set, up to {@value
 * #EXACT_CLIENTS}; past that, as a {@link HyperLogLog} estimate in 16 KiB. Any string is a client id, so a
 * window of a million one-off ids held a million of them (about 230 MB, rewritten whole at each merge on
 * RocksDB). Window state: Flink serialises it as a POJO (no Kryo); {@code clientSketch} was added on
 * 2026-12-03, and state written before restores with it null, an exact set.
 */
public class TypeAccumulator implements MergingAggregate.Accumulator<EnrichedTicket, TypeAccumulator> {
    /** How many distinct clients are counted exactly. */
    public static final int EXACT_CLIENTS = 10_000;

    public PriorityCounts priorities = new PriorityCounts();
    /** The distinct clients while there are at most {@link #EXACT_CLIENTS}; empty once estimated. */
    public Set<String> clients = new HashSet<>();
    /** The estimate's registers once past {@link #EXACT_CLIENTS}; null until then. */
    @JsonIgnore
    public byte[] clientSketch;

    public TypeAccumulator() {}

    @Override
    public TypeAccumulator add(EnrichedTicket ticket) {
        priorities.add(ticket.priority());
        addClient(ticket.clientId());
        return this;
    }

    void addClient(String clientId) {
        if (clientSketch != null) {
            HyperLogLog.add(clientSketch, clientId);
        } else if (clients.add(clientId) && clients.size() > EXACT_CLIENTS) {
            estimateFromNowOn();
        }
    }

    @Override
    public TypeAccumulator merge(TypeAccumulator other) {
        priorities.merge(other.priorities);
        if (clientSketch == null && other.clientSketch == null) {
            clients.addAll(other.clients);
            if (clients.size() > EXACT_CLIENTS) {
                estimateFromNowOn();
            }
            return this;
        }
        if (clientSketch == null) {
            estimateFromNowOn();
        }
        if (other.clientSketch != null) {
            HyperLogLog.merge(clientSketch, other.clientSketch);
        }
        other.clients.forEach(id -> HyperLogLog.add(clientSketch, id));
        return this;
    }

    /** Exact up to {@link #EXACT_CLIENTS}; above, an estimate, never below what was counted exactly. */
    @JsonProperty("distinct_clients")
    public long distinctClients() {
        return clientSketch == null ? clients.size() : Math.max(EXACT_CLIENTS + 1L, HyperLogLog.estimate(clientSketch));
    }

    private void estimateFromNowOn() {
        clientSketch = HyperLogLog.empty();
        clients.forEach(id -> HyperLogLog.add(clientSketch, id));
        clients = new HashSet<>();
    }
}
