package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.records.EnrichedTicket;
import org.apache.flink.api.common.functions.AggregateFunction;

/** The incremental aggregates of the ticket windows: one small accumulator per key and window. */
public final class TicketAggregates {
    private TicketAggregates() {}

    /** Count, count per priority and distinct clients of a type. */
    public static class ByType implements AggregateFunction<EnrichedTicket, TypeAccumulator, TypeAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeAccumulator createAccumulator() {
            return new TypeAccumulator();
        }

        @Override
        public TypeAccumulator add(EnrichedTicket ticket, TypeAccumulator acc) {
            acc.priorities.add(ticket.priority());
            acc.clients.add(ticket.clientId());
            return acc;
        }

        @Override
        public TypeAccumulator getResult(TypeAccumulator acc) {
            return acc;
        }

        @Override
        public TypeAccumulator merge(TypeAccumulator a, TypeAccumulator b) {
            a.priorities.merge(b.priorities);
            a.clients.addAll(b.clients);
            return a;
        }
    }

    /** Count and count per priority of a team. */
    public static class ByTeam implements AggregateFunction<TeamPriority, PriorityCounts, PriorityCounts> {
        private static final long serialVersionUID = 1L;

        @Override
        public PriorityCounts createAccumulator() {
            return new PriorityCounts();
        }

        @Override
        public PriorityCounts add(TeamPriority ticket, PriorityCounts acc) {
            return acc.add(ticket.priority());
        }

        @Override
        public PriorityCounts getResult(PriorityCounts acc) {
            return acc;
        }

        @Override
        public PriorityCounts merge(PriorityCounts a, PriorityCounts b) {
            return a.merge(b);
        }
    }

    /** Occurrences of a word. */
    public static class Count implements AggregateFunction<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(String word, Long acc) {
            return acc + 1;
        }

        @Override
        public Long getResult(Long acc) {
            return acc;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }
}
