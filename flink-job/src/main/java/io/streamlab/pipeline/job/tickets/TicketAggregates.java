package io.streamlab.pipeline.job.tickets;

import org.apache.flink.api.common.functions.AggregateFunction;

/** The incremental aggregates of the ticket windows: one small accumulator per key and window. */
public final class TicketAggregates {
    private TicketAggregates() {}

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
