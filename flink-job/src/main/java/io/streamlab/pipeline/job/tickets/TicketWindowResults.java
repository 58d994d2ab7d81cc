package io.streamlab.pipeline.job.tickets;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The window functions that turn a ticket aggregate into an output row stamped with its window. */
public final class TicketWindowResults {
    private TicketWindowResults() {
    }

    public static class TypeRow extends ProcessWindowFunction<TypeAccumulator, TypeStats, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("statsByTypeEmitted");
        }

        @Override
        public void process(String type, Context ctx, Iterable<TypeAccumulator> accs, Collector<TypeStats> out) {
            TypeAccumulator a = accs.iterator().next();
            PriorityCounts p = a.priorities;
            out.collect(new TypeStats(ctx.window().getStart(), ctx.window().getEnd(), type, p.count, p.low, p.medium,
                    p.high, p.critical, a.clients.size()));
            emitted.inc();
        }
    }

    public static class TeamRow extends ProcessWindowFunction<PriorityCounts, TeamStats, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("statsByTeamEmitted");
        }

        @Override
        public void process(String team, Context ctx, Iterable<PriorityCounts> counts, Collector<TeamStats> out) {
            PriorityCounts p = counts.iterator().next();
            out.collect(new TeamStats(ctx.window().getStart(), ctx.window().getEnd(), team, p.count, p.low, p.medium,
                    p.high, p.critical));
            emitted.inc();
        }
    }

    public static class WordRow extends ProcessWindowFunction<Long, WordCount, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("wordFrequencyEmitted");
        }

        @Override
        public void process(String word, Context ctx, Iterable<Long> counts, Collector<WordCount> out) {
            out.collect(new WordCount(ctx.window().getStart(), ctx.window().getEnd(), word, counts.iterator().next()));
            emitted.inc();
        }
    }
}
