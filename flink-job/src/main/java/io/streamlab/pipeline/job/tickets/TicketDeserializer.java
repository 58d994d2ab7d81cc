package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Tickets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Never throws on bad input: a record that breaks the contract becomes a dead letter with its reason. */
public class TicketDeserializer implements KafkaRecordDeserializationSchema<TicketOrError> {
    private static final long serialVersionUID = 1L;
    private final int maxDescriptionChars;

    public TicketDeserializer(int maxDescriptionChars) {
        this.maxDescriptionChars = maxDescriptionChars;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TicketOrError> out) {
        try {
            out.collect(TicketOrError.of(Tickets.parse(record.value(), maxDescriptionChars)
                    .withSource(record.partition(), record.offset())));
        } catch (InvalidRecordException e) {
            out.collect(TicketOrError.error(DeadLetter.of(record.topic(), record.partition(), record.offset(),
                    e.getMessage(), record.value(), System.currentTimeMillis())));
        }
    }

    @Override
    public TypeInformation<TicketOrError> getProducedType() {
        return TypeInformation.of(TicketOrError.class);
    }
}
