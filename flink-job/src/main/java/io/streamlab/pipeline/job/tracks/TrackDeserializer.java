package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Tracks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Never throws on bad input: a record that breaks the contract becomes a dead letter with its reason. */
public class TrackDeserializer implements KafkaRecordDeserializationSchema<TrackOrError> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TrackOrError> out) {
        try {
            out.collect(TrackOrError.of(Tracks.parse(record.value()).withSource(record.partition(), record.offset())));
        } catch (InvalidRecordException e) {
            out.collect(TrackOrError.error(DeadLetter.of(record.topic(), record.partition(), record.offset(),
                    e.getMessage(), record.value(), System.currentTimeMillis())));
        }
    }

    @Override
    public TypeInformation<TrackOrError> getProducedType() {
        return TypeInformation.of(TrackOrError.class);
    }
}
