package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.job.windows.MergingAggregate;

/**
 * Ticket count and count per priority: the accumulator of the team window and part of the type
 * window's. A mutable POJO with public fields, so Flink serialises it with its POJO serializer.
 */
public class PriorityCounts implements MergingAggregate.Accumulator<TeamPriority, PriorityCounts> {
    public long count;
    public long low;
    public long medium;
    public long high;
    public long critical;

    public PriorityCounts() {}

    @Override
    public PriorityCounts add(TeamPriority ticket) {
        return add(ticket.priority());
    }

    /** {@code priority} is already normalised (low, medium, high or critical) by the parser. */
    public PriorityCounts add(String priority) {
        count++;
        switch (priority) {
            case "low" -> low++;
            case "medium" -> medium++;
            case "high" -> high++;
            case "critical" -> critical++;
            default -> {
                // unreachable for parsed tickets; counted in the total only
            }
        }
        return this;
    }

    @Override
    public PriorityCounts merge(PriorityCounts o) {
        count += o.count;
        low += o.low;
        medium += o.medium;
        high += o.high;
        critical += o.critical;
        return this;
    }
}
