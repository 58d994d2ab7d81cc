package io.streamlab.pipeline.ops.jobs;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ops jobs}: the jobs of the cluster and their state. */
@Command(
        name = "jobs",
        header = "the jobs of the cluster and their state",
        description = "Lists the jobs Flink knows at ops.flink-rest: id, state, start time and name; jobs that "
                + "have not ended first (any state but FINISHED, CANCELED and FAILED), newest first.",
        footer = OpsCli.FOOTER)
public final class JobsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Option(names = "--running", description = "only the ids of the RUNNING jobs, one per line (for scripts)")
    boolean runningOnly;

    public JobsCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        FlinkRestClient rest = context.rest();
        List<FlinkRestClient.Job> jobs = rest.jobs().stream()
                .sorted(Comparator.comparing(FlinkRestClient.Job::ended)
                        .thenComparing(Comparator.comparingLong(FlinkRestClient.Job::startTime)
                                .reversed()))
                .toList();
        if (runningOnly) {
            jobs.stream()
                    .filter(j -> "RUNNING".equals(j.state()))
                    .forEach(j -> context.out().println(j.id()));
            return OpsCli.EXIT_OK;
        }
        if (jobs.isEmpty()) {
            context.say("jobs", "no jobs at " + rest.address());
            return OpsCli.EXIT_OK;
        }
        context.out().printf("%-32s  %-12s  %-19s  %s%n", "JOB_ID", "STATE", "STARTED", "NAME");
        for (FlinkRestClient.Job j : jobs) {
            String started = j.startTime() > 0 ? TIME.format(Instant.ofEpochMilli(j.startTime())) : "-";
            context.out().printf("%-32s  %-12s  %-19s  %s%n", j.id(), j.state(), started, j.name());
        }
        return OpsCli.EXIT_OK;
    }
}
