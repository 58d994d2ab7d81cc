package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.records.EnrichedTicket;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** One record per keyword of a ticket (keywords are distinct per ticket: a word counts once per ticket). */
public class TicketKeywords implements FlatMapFunction<EnrichedTicket, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(EnrichedTicket ticket, Collector<String> out) {
        if (ticket.keywords() != null) {
            for (String word : ticket.keywords()) {
                out.collect(word);
            }
        }
    }
}
