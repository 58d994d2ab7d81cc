package io.streamlab.pipeline.metrics;

import java.util.List;

/**
 * The names of the job's own counters, as the web UI, Prometheus ({@code flink_taskmanager_job_task_operator_<name>})
 * and the live view of the local run know them: the job registers them under these names and the readers
 * look them up by the same ones.
 */
public final class PipelineMetrics {
    /** Per team (metric group {@code team}), the tickets "Route tickets to teams" sent to the team's topic. */
    public static final String TICKETS_ROUTED = "ticketsRouted";

    private PipelineMetrics() {}

    /** The counters and the idle gauge of "Validate tracks" and "Validate tickets". */
    public enum Input {
        TRACKS("tracks"),
        TICKETS("tickets");

        private final String prefix;

        Input(String prefix) {
            this.prefix = prefix;
        }

        /** The input's name, as the counters start with it: {@code tracks}, {@code tickets}. */
        public String label() {
            return prefix;
        }

        /** Valid records read. */
        public String parsed() {
            return prefix + "Parsed";
        }

        /** Records that became a dead letter for what they are (invalid, too large). */
        public String invalid() {
            return prefix + "Invalid";
        }

        /** Valid records whose window had been emitted. */
        public String late() {
            return prefix + "Late";
        }

        /**
         * Inputs a window operator found late although "Validate" let them through: a partition idle
         * for longer than {@code watermark.idleness} no longer holds the windows back, so what it sends
         * when it resumes can be behind them. Each becomes a {@code late} dead letter; for the
         * pre-aggregated windows one input is a partial of several records.
         */
        public String lateAtWindows() {
            return prefix + "LateAtWindows";
        }

        /**
         * Gauge: 1 while the input is idle (no record for {@code watermark.idleness}: its watermark no
         * longer holds the windows back), else 0.
         */
        public String idle() {
            return prefix + "Idle";
        }

        /** All three: parsed, invalid, late. */
        public List<String> counters() {
            return List.of(parsed(), invalid(), late());
        }
    }
}
