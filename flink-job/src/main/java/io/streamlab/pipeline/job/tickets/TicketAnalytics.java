package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The support side of the job: tickets from their source to {@code tickets_enriched}. Returns its dead
 * letters for the shared output.
 */
public final class TicketAnalytics {

    /** Where the ticket outputs go. */
    public record Sinks(Sink<EnrichedTicket> enriched) {
    }

    private TicketAnalytics() {
    }

    public static WatermarkStrategy<TicketOrError> watermarks(PipelineConfig.EventTime eventTime) {
        return WatermarkStrategy.<TicketOrError>forBoundedOutOfOrderness(eventTime.outOfOrderness())
                .withTimestampAssigner((e, kafkaTs) -> e.ticket() != null ? e.ticket().eventTimeMillis() : Long.MIN_VALUE)
                .withIdleness(eventTime.idleness());
    }

    public static DataStream<DeadLetter> build(StreamExecutionEnvironment env, PipelineConfig config,
                                               Source<TicketOrError, ?, ?> source, Sinks sinks) {
        SingleOutputStreamOperator<Ticket> tickets = env
                .fromSource(source, watermarks(config.eventTime()), "Tickets from Kafka")
                .uid("tickets-source")
                .process(new SplitValidTickets())
                .name("Validate tickets")
                .uid("tickets-validate");

        SingleOutputStreamOperator<EnrichedTicket> enriched = tickets
                .map(new EnrichTickets(config.routing()))
                .name("Route and enrich tickets")
                .uid("tickets-enrich");

        enriched.sinkTo(sinks.enriched()).name("tickets_enriched").uid("sink-tickets-enriched");
        return tickets.getSideOutput(DeadLetters.TAG);
    }
}
