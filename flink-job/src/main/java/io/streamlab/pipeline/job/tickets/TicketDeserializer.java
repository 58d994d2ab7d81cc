package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.RecordDeserializer;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** {@code client_tickets} values to tickets, or dead letters with their reason. */
public class TicketDeserializer extends RecordDeserializer<Ticket, TicketOrError> {
    private static final long serialVersionUID = 1L;

    public TicketDeserializer(PipelineConfig.Limits limits) {
        super(limits);
    }

    @Override
    protected Ticket parse(byte[] value, long nowMillis) throws InvalidRecordException {
        return Tickets.parse(value, limits, nowMillis);
    }

    @Override
    protected TicketOrError valid(Ticket ticket, int partition, long offset) {
        return TicketOrError.of(ticket.withSource(partition, offset));
    }

    @Override
    protected TicketOrError rejected(DeadLetter deadLetter) {
        return TicketOrError.error(deadLetter);
    }

    @Override
    public TypeInformation<TicketOrError> getProducedType() {
        return TypeInformation.of(TicketOrError.class);
    }
}
