package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.records.Ticket;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Valid tickets go on; dead letters go to the side output, counted in {@code ticketsInvalid}. */
public class SplitValidTickets extends ProcessFunction<TicketOrError, Ticket> {
    private static final long serialVersionUID = 1L;
    private transient Counter parsed;
    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        parsed = getRuntimeContext().getMetricGroup().counter("ticketsParsed");
        invalid = getRuntimeContext().getMetricGroup().counter("ticketsInvalid");
    }

    @Override
    public void processElement(TicketOrError value, Context ctx, Collector<Ticket> out) {
        if (value.ticket() != null) {
            parsed.inc();
            out.collect(value.ticket());
        } else {
            invalid.inc();
            ctx.output(DeadLetters.TAG, value.deadLetter());
        }
    }
}
