package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.job.windows.MergingAggregate;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts of one type in one window plus its distinct clients. The set is a {@code Set<String>} field,
 * which Flink 2.x serialises with its own set serializer (no Kryo): one entry per distinct client of
 * the type in the window.
 */
public class TypeAccumulator implements MergingAggregate.Accumulator<EnrichedTicket, TypeAccumulator> {
    public PriorityCounts priorities = new PriorityCounts();
    public Set<String> clients = new HashSet<>();

    public TypeAccumulator() {}

    @Override
    public TypeAccumulator add(EnrichedTicket ticket) {
        priorities.add(ticket.priority());
        clients.add(ticket.clientId());
        return this;
    }

    @Override
    public TypeAccumulator merge(TypeAccumulator other) {
        priorities.merge(other.priorities);
        clients.addAll(other.clients);
        return this;
    }
}
