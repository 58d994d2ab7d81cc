package io.streamlab.pipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.flinkrest.StubFlink;
import io.streamlab.pipeline.snapshots.Deployment;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The commands against a stub JobManager: what they ask Flink, what they refuse, what they print. */
class CommandsAgainstAStubTest {
    static final String NAME = "spotify-tickets-pipeline";
    static final String JOB = "dc3e9702d5152901a79b6d25de51089b";
    static final String OTHER = "071d0b46c39cc7cda35e7bd7adabe750";

    final StubFlink flink = new StubFlink();
    final Map<String, String> env = Ops.env(flink.uri().toString());

    @AfterEach
    void stop() {
        flink.close();
    }

    /** Every state Flink 2.2 has in which a job is not over (RESTARTING, SUSPENDED, RECONCILING…). */
    static Stream<JobStatus> notEnded() {
        return Arrays.stream(JobStatus.values()).filter(s -> !s.isGloballyTerminalState());
    }

    @ParameterizedTest
    @MethodSource("notEnded")
    void submitLeavesAJobThatHasNotEndedAloneWhateverItsState(JobStatus state, @TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(OTHER, "FAILED", 1), job(JOB, state.name(), 2)));

        Ops r = Ops.run(env, "submit", "--jar", jar.toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo(JOB + "\n");
        assertThat(r.stderr())
                .contains("job " + NAME + " is already " + state.name())
                .contains("nothing submitted");
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
    }

    @Test
    void submitGoesOnWhenEveryJobOfThatNameHasEnded(@TempDir Path dir) throws IOException {
        Path notAJar = Files.writeString(dir.resolve("job.jar"), "not a zip");
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on(
                        "GET",
                        "/jobs/overview",
                        200,
                        overview(
                                job(JOB, "FINISHED", 1),
                                job(OTHER, "CANCELED", 2),
                                job("171d0b46c39cc7cda35e7bd7adabe750", "FAILED", 3),
                                job("271d0b46c39cc7cda35e7bd7adabe750", "RUNNING", 3, "another-job")));

        Ops r = Ops.run(
                env,
                "submit",
                "--jar",
                notAJar.toString(),
                "--",
                "--checkpoint.dir",
                dir.resolve("cp").toString(),
                "--savepoint.dir",
                dir.resolve("sp").toString());

        // it went as far as building the job graph from the jar, which is no jar
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).doesNotContain("already").contains("no snapshot of this deployment");
        assertThat(r.stderr()).contains("ops submit: the job's main() stopped on an error");
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
    }

    /** Snapshots out of sight (s3://) were taken for none: the job started over and routed every ticket again. */
    @Test
    void submitRefusesToGuessWhenTheSnapshotsCannotBeListed(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("job.jar"), "not a zip");
        flink.on("GET", "/jobmanager/config", 200, "[]").on("GET", "/jobs/overview", 200, overview());

        Ops r = Ops.run(env, "submit", "--jar", jar.toString(), "--", "--checkpoint.dir", "s3://bucket/checkpoints");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("cannot be looked for from here")
                .contains("--savepoint PATH")
                .contains("--fresh")
                .doesNotContain("starts from job.start-from");
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
    }

    /**
     * ops on another machine than the JobManager, with local snapshot paths: it saw none, started over, read
     * the topics again and routed every ticket a second time, while the cluster's last job had left a
     * savepoint on the JobManager's machine.
     */
    @Test
    void submitDoesNotStartOverWhenTheClustersLastJobLeftASnapshotNotSeenHere(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("job.jar"), "not a zip");
        String[] flags = {
            "--checkpoint.dir",
            dir.resolve("cp").toString(),
            "--savepoint.dir",
            dir.resolve("sp").toString()
        };
        Deployment here = new Deployment(NAME, dir.resolve("cp").toString());
        String stopped = here.newJobId();
        String older = here.newJobId();
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on(
                        "GET",
                        "/jobs/overview",
                        200,
                        overview(job(older, "CANCELED", 1), job(stopped, "FINISHED", 5), job(OTHER, "FAILED", 9)))
                .on("GET", "/jobs/" + stopped + "/checkpoints", 200, """
                        {"latest":{"completed":{"id":12,"external_path":"file:/elsewhere/cp/%s/chk-12"},
                         "savepoint":{"id":11,"external_path":"file:/elsewhere/sp/savepoint-%s-1"}}}""".formatted(stopped, stopped.substring(0, 6)));

        Ops r = Ops.run(env, concat(new String[] {"submit", "--jar", jar.toString(), "--"}, flags));

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("no snapshot of this deployment in " + dir.resolve("cp") + " or " + dir.resolve("sp")
                        + ", but the cluster's job " + stopped
                        + " of this deployment (FINISHED) left the snapshot file:/elsewhere/sp/savepoint-"
                        + stopped.substring(0, 6) + "-1, which is not here")
                .contains("--savepoint PATH")
                .contains("--fresh")
                .doesNotContain("starts from job.start-from");
        assertThat(flink.requests("POST", "/jobs")).isEmpty();

        // a last job without a snapshot (cancelled before its first checkpoint), one whose checkpoint Flink
        // discarded, one the cluster forgot since it was listed: nothing to resume, it starts over
        for (String checkpoints : new String[] {
            "{\"latest\":{\"completed\":null,\"savepoint\":null}}",
            "{\"latest\":{\"completed\":{\"id\":3,\"external_path\":\"file:/x/chk-3\",\"discarded\":true}}}",
            null
        }) {
            Ops r2 = submitAfter(stopped, "CANCELED", checkpoints, jar, flags);
            assertThat(r2.stderr())
                    .as(r2.all())
                    .contains("no snapshot of this deployment in")
                    .contains("starts from job.start-from");
        }

        // stopped with --dir outside savepoint.dir: the savepoint is here, and ops resume takes it
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/savepoint-" + stopped.substring(0, 6) + "-2"));
        Files.writeString(elsewhere.resolve("_metadata"), "x");
        Ops r3 = submitAfter(
                stopped,
                "FINISHED",
                "{\"latest\":{\"savepoint\":{\"id\":4,\"external_path\":\"file:" + elsewhere + "\"}}}",
                jar,
                flags);
        assertThat(r3.exit()).as(r3.all()).isEqualTo(1);
        assertThat(r3.stderr())
                .contains("left the snapshot file:" + elsewhere + ", which is here but in neither folder")
                .contains("ops resume file:" + elsewhere);

        // and with an older savepoint of this deployment in savepoint.dir: that one is not resumed instead,
        // which read again and wrote twice everything since it
        Path olderHere = Files.createDirectories(dir.resolve("sp/savepoint-" + older.substring(0, 6) + "-1"));
        Files.writeString(olderHere.resolve("_metadata"), "x");
        Files.setLastModifiedTime(
                olderHere.resolve("_metadata"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        Ops r4 = submitAfter(
                stopped,
                "FINISHED",
                "{\"latest\":{\"savepoint\":{\"id\":4,\"external_path\":\"file:" + elsewhere + "\"}}}",
                jar,
                flags);
        assertThat(r4.exit()).as(r4.all()).isEqualTo(1);
        assertThat(r4.stderr())
                .contains("the newest snapshot of this deployment here is " + olderHere)
                .contains("left a later one, file:" + elsewhere + " (stopped with --dir?)")
                .contains("ops resume file:" + elsewhere)
                .contains("--savepoint " + olderHere);
    }

    /** ops submit against a cluster whose only job of this deployment ended in that state (null: forgotten). */
    private static Ops submitAfter(String job, String state, String checkpoints, Path jar, String[] flags) {
        try (StubFlink cluster = new StubFlink()) {
            cluster.on("GET", "/jobmanager/config", 200, "[]")
                    .on("GET", "/jobs/overview", 200, overview(job(job, state, 5)));
            if (checkpoints != null) {
                cluster.on("GET", "/jobs/" + job + "/checkpoints", 200, checkpoints);
            }
            Ops r = Ops.run(
                    Ops.env(cluster.uri().toString()),
                    concat(new String[] {"submit", "--jar", jar.toString(), "--"}, flags));
            assertThat(cluster.requests("GET", "/jobs/" + job + "/checkpoints")).hasSize(1);
            assertThat(cluster.requests("POST", "/jobs")).isEmpty();
            return r;
        }
    }

    @Test
    void nothingIsSubmittedToTheOneJobClusterOfALocalRun(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        Path snapshot = Files.createDirectories(dir.resolve("savepoint-abcdef-0123"));
        Files.writeString(snapshot.resolve("_metadata"), "x");
        flink.on("GET", "/jobmanager/config", 200, "[{\"key\":\"execution.target\",\"value\":\"local\"}]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1)))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"));

        for (List<String> call : List.of(
                List.of("submit", "--jar", jar.toString()),
                List.of("resume", "--jar", jar.toString(), snapshot.toString()),
                List.of("rescale", "2", "--jar", jar.toString()))) {
            Ops r = Ops.run(env, call.toArray(String[]::new));
            assertThat(r.exit()).as(call + r.all()).isEqualTo(1);
            assertThat(r.stderr()).as(call + r.all()).contains("is the local run of ./run-local.sh");
        }
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop")).isEmpty();
    }

    @Test
    void resumeIsRefusedWhileTheJobStillRuns(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RESTARTING", 1)));

        Ops r = Ops.run(env, "resume", "--jar", jar.toString(), "file:///elsewhere/savepoint-abcdef-01");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("job " + NAME + " is still RESTARTING (" + JOB + "): stop it first");
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
    }

    @Test
    void jobsListsTheJobsThatHaveNotEndedFirst() {
        flink.on(
                "GET",
                "/jobs/overview",
                200,
                overview(
                        job(OTHER, "FINISHED", 3),
                        job(JOB, "RUNNING", 1),
                        job("171d0b46c39cc7cda35e7bd7adabe750", "RESTARTING", 2)));

        Ops table = Ops.run(env, "jobs");
        assertThat(table.exit()).isZero();
        assertThat(table.stdoutLines()).hasSize(4);
        assertThat(table.stdoutLines().get(0)).startsWith("JOB_ID").contains("STATE", "STARTED", "NAME");
        assertThat(table.stdoutLines().get(1)).startsWith("171d0b46c39cc7cda35e7bd7adabe750  RESTARTING");
        assertThat(table.stdoutLines().get(2)).startsWith(JOB + "  RUNNING").endsWith(NAME);
        assertThat(table.stdoutLines().get(3)).startsWith(OTHER + "  FINISHED");

        Ops running = Ops.run(env, "jobs", "--running");
        assertThat(running.stdout()).isEqualTo(JOB + "\n");
    }

    @Test
    void savepointFindsThePipelinesRunningJobAndPrintsTheLocation() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1), job(OTHER, "RUNNING", 1, "other")))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"t1\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/t1", 200, "{\"status\":{\"id\":\"IN_PROGRESS\"}}")
                .on("GET", "/jobs/" + JOB + "/savepoints/t1", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-dc3e97-aa"}}""");

        Ops r = Ops.run(env, "savepoint", "--dir", "relative/dir");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo("file:/sp/savepoint-dc3e97-aa\n");
        assertThat(r.stderr()).contains("the job keeps running");
        // written with --dir outside savepoint.dir, where ops submit would not look
        assertThat(r.stderr()).contains("resume it with ops resume file:/sp/savepoint-dc3e97-aa");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/savepoints").get(0).bodyText())
                .contains("\"target-directory\":\"" + Path.of("relative/dir").toAbsolutePath() + "\"");
        assertThat(flink.requests("POST", "/jobs/" + OTHER + "/savepoints")).isEmpty();
    }

    @Test
    void aJobThatIsNotRunningOrUnknownIsReported() {
        flink.on("GET", "/jobs/" + JOB, 200, details(JOB, "RESTARTING"));

        Ops restarting = Ops.run(env, "savepoint", "--job", JOB);
        assertThat(restarting.exit()).isEqualTo(1);
        assertThat(restarting.stderr()).contains("job " + JOB + " is RESTARTING, not RUNNING");

        Ops unknown = Ops.run(env, "stop", "--job", OTHER);
        assertThat(unknown.exit()).as(unknown.all()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("job " + OTHER + " not found at " + flink.uri());

        flink.on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1), job(OTHER, "CREATED", 2)));
        Ops several = Ops.run(env, "stop");
        assertThat(several.exit()).isEqualTo(1);
        assertThat(several.stderr()).contains("several jobs named " + NAME).contains("--job JOB_ID");
    }

    @Test
    void aFailedSavepointShowsItsRootCause() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                // a drain first checks for a checkpoint since the restore: none restored here
                .on("GET", "/jobs/" + JOB + "/checkpoints", 200, "{\"latest\":{\"restored\":null}}")
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"stack-trace":
                        "java.util.concurrent.CompletionException: boom\\nCaused by: java.io.IOException: No space left"}}}""");

        Ops r = Ops.run(env, "stop", "--job", JOB, "--drain");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("the stop with savepoint failed: java.util.concurrent.CompletionException: boom\n"
                        + "Caused by: java.io.IOException: No space left");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop").get(0).bodyText())
                .contains("\"drain\":true");
    }

    static final String TASKS_NOT_RUNNING = """
            {"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"stack-trace":
            "org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint triggering task Source (1/2) of job x is not being executed at the moment. Aborting checkpoint. Failure reason: Not all required tasks are currently running."}}}""";

    /** A job is RUNNING before its tasks are: the refused savepoint is asked for again until they run. */
    @Test
    void aSavepointRefusedWhileTheTasksStartIsTakenOnceTheyRun() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"s1\"}")
                .on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"s2\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s1", 200, TASKS_NOT_RUNNING)
                .on("GET", "/jobs/" + JOB + "/savepoints/s2", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-dc3e97-cc"}}""");

        Ops r = Ops.run(env, "savepoint", "--job", JOB);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo("file:/sp/savepoint-dc3e97-cc\n");
        assertThat(r.stderr()).contains("job " + JOB + " is RUNNING but not all its tasks run yet: asking again");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/savepoints")).hasSize(2);
    }

    @Test
    void aStopRefusedWhileTheTasksRestartIsTakenOnceTheyRun() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RESTARTING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "FINISHED"))
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s1\"}")
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s2\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s1", 200, TASKS_NOT_RUNNING)
                .on("GET", "/jobs/" + JOB + "/savepoints/s2", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-dc3e97-dd"}}""");

        Ops r = Ops.run(env, "stop", "--job", JOB);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo("file:/sp/savepoint-dc3e97-dd\n");
        assertThat(r.stderr())
                .contains("is RESTARTING but not all its tasks run yet")
                .contains("is FINISHED");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop")).hasSize(2);
    }

    /** Tasks that never all run: asked again up to ops.timeout (2 min at most), then the command says so. */
    @Test
    void aSavepointRefusedUntilTheWaitEndsSaysToTryAgainLater() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 200, TASKS_NOT_RUNNING);

        Ops r = Ops.run(Ops.env(flink.uri().toString(), "OPS_TIMEOUT", "2s"), "savepoint", "--job", JOB);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("Not all required tasks are currently running.")
                .contains("The job's tasks were not all running within 2 s (it is RUNNING): run the command again"
                        + " once the web UI shows them RUNNING");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/savepoints")).hasSizeGreaterThan(1);
    }

    /** A job that fails instead has nothing to wait for: the refusal ends the command at once. */
    @Test
    void aSavepointRefusedByAJobThatFailedIsNotAskedAgain() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "FAILED"))
                .on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 200, TASKS_NOT_RUNNING);

        Ops r = Ops.run(env, "savepoint", "--job", JOB);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("Not all required tasks")
                .contains("The job is FAILED now: nothing to wait for");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/savepoints")).hasSize(1);
    }

    @Test
    void aDrainRightAfterARestoreTakesACheckpointFirstAndStopsNothingWithoutOne() {
        // restored from checkpoint 5, none completed since: a drain now would leave files uncommitted
        flink.on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on(
                        "GET",
                        "/jobs/" + JOB + "/checkpoints",
                        200,
                        "{\"latest\":{\"restored\":{\"id\":5}," + "\"completed\":{\"id\":5}}}")
                .on("POST", "/jobs/" + JOB + "/checkpoints", 202, "{\"request-id\":\"c\"}");

        Ops r = Ops.run(env, "stop", "--job", JOB, "--drain", "--", "--checkpoint.timeout", "1s");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.all())
                .contains("taking a checkpoint first: none completed since the job was restored")
                .contains("no checkpoint of job " + JOB + " completed within 1 s");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/checkpoints")).hasSize(1);
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop"))
                .as("no drain without it")
                .isEmpty();
    }

    /** The checkpoint taken first completes: the drain goes ahead, after it and only after it. */
    @Test
    void aDrainRightAfterARestoreStopsOnceItsOwnCheckpointCompleted() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "FINISHED"))
                .on(
                        "GET",
                        "/jobs/" + JOB + "/checkpoints",
                        200,
                        "{\"latest\":{\"restored\":{\"id\":5},\"completed\":{\"id\":5}}}")
                .on(
                        "GET",
                        "/jobs/" + JOB + "/checkpoints",
                        200,
                        "{\"latest\":{\"restored\":{\"id\":5},\"completed\":{\"id\":5}}}")
                .on(
                        "GET",
                        "/jobs/" + JOB + "/checkpoints",
                        200,
                        "{\"latest\":{\"restored\":{\"id\":5},\"completed\":{\"id\":6}}}")
                .on("POST", "/jobs/" + JOB + "/checkpoints", 202, "{\"request-id\":\"c\"}")
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-dc3e97-ee"}}""");

        Ops r = Ops.run(env, "stop", "--job", JOB, "--drain");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo("file:/sp/savepoint-dc3e97-ee\n");
        assertThat(r.stderr()).contains("taking a checkpoint first: none completed since the job was restored");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/checkpoints")).hasSize(1);
        assertThat(flink.requests("GET", "/jobs/" + JOB + "/checkpoints"))
                .as("the stop waited for checkpoint 6")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop"))
                .singleElement()
                .satisfies(stop -> assertThat(stop.bodyText()).contains("\"drain\":true"));
    }

    @Test
    void rescaleBeyondTheSlotsStopsNothing(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1)))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/overview", 200, "{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":0}");

        Ops r = Ops.run(env, "rescale", "9", "--jar", jar.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("parallelism 9 needs 9 slots but the cluster has 4")
                .contains("left running");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop")).isEmpty();
    }

    /** Other jobs hold slots: the rescaled job would have waited for them, restarting, with nothing running. */
    @Test
    void rescaleIntoSlotsOtherJobsHoldStopsNothing(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1), job(OTHER, "RUNNING", 1, "other")))
                .on("GET", "/jobs/" + JOB, 200, """
                        {"jid":"%s","name":"%s","state":"RUNNING","status-counts":{"RUNNING":2},
                         "vertices":[{"id":"v1","name":"source","parallelism":2},{"id":"v2","name":"sink","parallelism":1}]}""".formatted(JOB, NAME))
                .on("GET", "/overview", 200, "{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":0}");

        Ops r = Ops.run(env, "rescale", "4", "--jar", jar.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("parallelism 4 needs 4 slots but only 2 of the cluster's 4 are free or held by job " + JOB)
                .contains("left running");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop")).isEmpty();
    }

    /** It stopped the job first, then failed to submit it at the new parallelism, with nothing running. */
    @Test
    void aParallelismTheConfigurationRefusesStopsNothing(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1)))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/overview", 200, "{\"taskmanagers\":50,\"slots-total\":200,\"slots-available\":196}");

        Ops r = Ops.run(env, "rescale", "129", "--jar", jar.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("job.max-parallelism");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop")).isEmpty();
    }

    /**
     * Server errors while the stop goes on (a JobManager busy or restarting, a proxy's 502 page) are asked
     * again: the first one ended the command with exit 1 while the job went on stopping.
     */
    @Test
    void serverErrorsWhileAStopGoesOnAreAskedAgain() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 502, "<html><title>502 Bad Gateway</title></html>")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "FINISHED"))
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 503, "{\"errors\":[\"Service temporarily unavailable\"]}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 500, "{\"errors\":[\"Internal server error.\"]}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-dc3e97-bb"}}""");

        Ops r = Ops.run(env, "stop", "--job", JOB);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo("file:/sp/savepoint-dc3e97-bb\n");
        assertThat(r.stderr()).contains("job " + JOB + " is FINISHED");
        assertThat(flink.requests("GET", "/jobs/" + JOB + "/savepoints/s")).hasSize(3);
    }

    /** A savepoint that never completes is waited for ops.timeout, then the command says so and exits 1. */
    @Test
    void aWaitLongerThanOpsTimeoutEndsTheCommandWithTheHint() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1)))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("POST", "/jobs/" + JOB + "/savepoints", 202, "{\"request-id\":\"slow\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/slow", 200, "{\"status\":{\"id\":\"IN_PROGRESS\"}}");

        long start = System.nanoTime();
        Ops r = Ops.run(Ops.env(flink.uri().toString(), "OPS_TIMEOUT", "1s"), "savepoint");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("did not happen within 1 s (ops.timeout raises the limit")
                .contains("Flink goes on with the savepoint (trigger slow): the savepoint may still be written");
        assertThat(r.stdout()).isEmpty();

        // a stop that runs out of time may still end the job: the message says so, and how to go on
        flink.on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"slowstop\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/slowstop", 200, "{\"status\":{\"id\":\"IN_PROGRESS\"}}");
        Ops stop = Ops.run(Ops.env(flink.uri().toString(), "OPS_TIMEOUT", "1s"), "stop");
        assertThat(stop.exit()).as(stop.all()).isEqualTo(1);
        assertThat(stop.stderr())
                .contains("(trigger slowstop): the job may still stop with its savepoint")
                .contains("ops jobs shows whether it ended; its savepoint is then the newest in ");
        assertThat(seconds).as("bounded by ops.timeout, not the default 10 min").isLessThan(60);
        assertThat(flink.requests("GET", "/jobs/" + JOB + "/savepoints/slow")).hasSizeGreaterThan(1);
    }

    /** The job stopped, then its new start failed: nothing runs, and the message says how to resume. */
    @Test
    void aRescaleWhoseNewStartFailsSaysHowToResumeFromTheSavepoint(@TempDir Path dir) throws IOException {
        Path notAJar = Files.writeString(dir.resolve("job.jar"), "not a zip");
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1)))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "FINISHED"))
                .on("GET", "/overview", 200, "{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":2}")
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 200, """
                        {"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-dc3e97-ee"}}""");

        Ops r = Ops.run(
                env,
                "rescale",
                "2",
                "--jar",
                notAJar.toString(),
                "--",
                "--savepoint.dir",
                dir.resolve("sp").toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("stopped with savepoint file:/sp/savepoint-dc3e97-ee")
                .contains("the job was stopped, but starting it again failed")
                .contains("Once fixed: ops resume --parallelism 2 file:/sp/savepoint-dc3e97-ee");
        assertThat(flink.requests("POST", "/jobs/" + JOB + "/stop")).hasSize(1);
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
    }

    /** Persistent server errors are not waited on for ops.timeout: a few in a row end the command. */
    @Test
    void serverErrorsInARowEndTheWait() {
        flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", 500, "{\"errors\":[\"Internal server error.\",\"disk\"]}");

        Ops r = Ops.run(env, "stop", "--job", JOB);

        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.stderr()).contains("disk");
        assertThat(flink.requests("GET", "/jobs/" + JOB + "/savepoints/s"))
                .hasSize(io.streamlab.pipeline.ops.savepoints.SavepointOperation.UNANSWERED_BEFORE_GONE);
    }

    /**
     * A job that restarts after its savepoint (its stop failed at the end) still runs: a savepoint found on
     * disk while the cluster did not answer was taken as the stop, and a rescale started a second job
     * beside it.
     */
    @Test
    void aJobThatRestartsAfterItsSavepointIsNotStoppedAndRescaleStartsNothing(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        Path written = writtenJustNow(dir.resolve("sp").resolve("savepoint-dc3e97-cc"));
        stopAnsweredOnlyByTheDisk()
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RESTARTING"))
                .on("GET", "/jobs/" + JOB + "/exceptions", 200, """
                        {"exceptionHistory":{"entries":[{"stacktrace":"java.io.IOException: task did not finish"}]}}""")
                .on("GET", "/overview", 200, "{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":3}");

        Ops r = Ops.run(
                env,
                "rescale",
                "2",
                "--jar",
                jar.toString(),
                "--",
                "--savepoint.dir",
                dir.resolve("sp").toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("job " + JOB + " wrote savepoint " + Snapshots.flinkUri(written)
                        + " but did not finish: it is RESTARTING")
                .contains("task did not finish")
                .contains("Nothing else was started")
                .doesNotContain("starting it again")
                .doesNotContain("building the job graph");
        assertThat(flink.requests("POST", "/jobs")).isEmpty();
    }

    /** The same savepoint found on disk, and the job then seen FINISHED: that stop is done. */
    @Test
    void aSavepointFoundOnDiskCountsOnceTheJobIsSeenEnded(@TempDir Path dir) throws IOException {
        Path written = writtenJustNow(dir.resolve("sp").resolve("savepoint-dc3e97-dd"));
        stopAnsweredOnlyByTheDisk()
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "RUNNING"))
                .on("GET", "/jobs/" + JOB, StubFlink.DROP, "")
                .on("GET", "/jobs/" + JOB, 200, details(JOB, "FINISHED"));

        Ops r = Ops.run(
                env,
                "stop",
                "--job",
                JOB,
                "--",
                "--savepoint.dir",
                dir.resolve("sp").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo(Snapshots.flinkUri(written) + "\n");
        assertThat(r.stderr()).contains("job " + JOB + " is FINISHED");
    }

    /** A stop whose status requests go unanswered, on a session cluster (not a local run). */
    private StubFlink stopAnsweredOnlyByTheDisk() {
        return flink.on("GET", "/jobmanager/config", 200, "[]")
                .on("GET", "/jobs/overview", 200, overview(job(JOB, "RUNNING", 1)))
                .on("POST", "/jobs/" + JOB + "/stop", 202, "{\"request-id\":\"s\"}")
                .on("GET", "/jobs/" + JOB + "/savepoints/s", StubFlink.DROP, "");
    }

    /** A savepoint folder whose _metadata is dated a minute ahead: written after the stop was triggered. */
    private static Path writtenJustNow(Path savepoint) throws IOException {
        Files.createDirectories(savepoint);
        Files.setLastModifiedTime(
                Files.writeString(savepoint.resolve("_metadata"), "x"),
                FileTime.from(Instant.now().plusSeconds(60)));
        return savepoint;
    }

    @Test
    void latestCheckpointAndPruneSeeOnlyThisDeployment(@TempDir Path dir) throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        Path savepoints = dir.resolve("savepoints");
        String[] flags = {"--", "--checkpoint.dir", checkpoints.toString(), "--savepoint.dir", savepoints.toString()};
        Deployment mine = new Deployment(NAME, checkpoints.toString());
        Deployment theirs = new Deployment(NAME, "file:///flink-data/checkpoints");
        String running = mine.newJobId();
        String earlier = mine.newJobId();
        String older = mine.newJobId();
        Path runningChk = snapshot(checkpoints.resolve(running).resolve("chk-9"), 50);
        Path earlierChk = snapshot(checkpoints.resolve(earlier).resolve("chk-4"), 30);
        snapshot(checkpoints.resolve(older).resolve("chk-2"), 10);
        Path foreign = snapshot(savepoints.resolve("savepoint-" + theirs.fingerprint() + "-0a0a0a0a"), 99);
        Path sp = snapshot(savepoints.resolve("savepoint-" + mine.fingerprint() + "-0b0b0b0b"), 40);

        Ops latest = Ops.run(env, concat(new String[] {"latest-checkpoint"}, flags));
        assertThat(latest.exit()).as(latest.all()).isZero();
        assertThat(latest.stdout()).isEqualTo(runningChk.toAbsolutePath() + "\n");
        Ops ofJob = Ops.run(env, concat(new String[] {"latest-checkpoint", "--job", earlier}, flags));
        assertThat(ofJob.stdout()).isEqualTo(earlierChk.toAbsolutePath() + "\n");

        // the running job restored an old savepoint and has no checkpoint of its own yet: a failover
        // would restore that savepoint again, so it stays however old
        Path restored = snapshot(savepoints.resolve("savepoint-" + mine.fingerprint() + "-0c0c0c0c"), 5);
        // and a bounded backfill on the same cluster, whose checkpoints Flink does not have: no obstacle
        String backfill = theirs.newJobId();
        flink.on("GET", "/jobs/overview", 200, overview(job(running, "RUNNING", 1), job(backfill, "RUNNING", 2)))
                .on(
                        "GET",
                        "/jobs/" + backfill + "/checkpoints",
                        404,
                        "{\"errors\":[\"Checkpointing has not been enabled.\"]}")
                .on(
                        "GET",
                        "/jobs/" + running + "/checkpoints",
                        200,
                        "{\"latest\":{\"completed\":null,\"restored\":{\"id\":3,\"external_path\":\"" + restored.toUri()
                                + "\"}}}");
        Ops prune = Ops.run(env, concat(new String[] {"prune", "--keep", "1"}, flags));
        assertThat(prune.exit()).as(prune.all()).isZero();
        assertThat(prune.stdout()).isEqualTo(checkpoints.resolve(older) + "\n");
        assertThat(runningChk).exists();
        assertThat(earlierChk).exists();
        assertThat(sp).exists();
        assertThat(restored).as("what the running job restored from").exists();
        assertThat(foreign).exists();

        Ops none = Ops.run(
                env,
                "latest-checkpoint",
                "--",
                "--checkpoint.dir",
                dir.resolve("x").toString(),
                "--savepoint.dir",
                dir.resolve("y").toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.stderr()).contains("no complete checkpoint or savepoint of this deployment");
    }

    /** A job being submitted from an old savepoint: Flink names no restore before it has restored it. */
    @Test
    void pruneDeletesNothingWhileAJobIsStartingFromASnapshotFlinkDoesNotNameYet(@TempDir Path dir) throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        Path savepoints = dir.resolve("savepoints");
        Deployment mine = new Deployment(NAME, checkpoints.toString());
        Path oldest = snapshot(savepoints.resolve("savepoint-" + mine.fingerprint() + "-0d0d0d0d"), 1);
        Path newer = snapshot(savepoints.resolve("savepoint-" + mine.fingerprint() + "-0e0e0e0e"), 2);
        String submitted = mine.newJobId();
        flink.on("GET", "/jobs/overview", 200, overview(job(submitted, "INITIALIZING", 3)))
                .on("GET", "/jobs/" + submitted + "/checkpoints", 200, "{\"latest\":{\"restored\":null}}");

        Ops prune = Ops.run(
                env,
                "prune",
                "--keep",
                "1",
                "--",
                "--checkpoint.dir",
                checkpoints.toString(),
                "--savepoint.dir",
                savepoints.toString());

        assertThat(prune.exit()).as(prune.all()).isEqualTo(1);
        assertThat(prune.stderr())
                .contains("job " + submitted
                        + " is starting and Flink does not say yet which snapshot it restores, if any,"
                        + " so nothing was deleted");
        assertThat(prune.stdout()).isEmpty();
        assertThat(oldest).exists();
        assertThat(newer).exists();
    }

    /** A file system error is the path and why in one line: no "unexpected error" and no stack trace. */
    @Test
    void aSnapshotTheFileSystemCannotReadIsOneLineWithItsPath(@TempDir Path dir) throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        String job = new Deployment(NAME, checkpoints.toString()).newJobId();
        Path checkpoint = Files.createDirectories(checkpoints.resolve(job).resolve("chk-3"));
        Path metadata = Files.createSymbolicLink(checkpoint.resolve("_metadata"), checkpoint.resolve("_metadata"));

        Ops r = Ops.run(env, "latest-checkpoint", "--", "--checkpoint.dir", checkpoints.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr())
                .startsWith("ops latest-checkpoint: Cannot read " + metadata + ": too many levels of symbolic links")
                .hasLineCount(1);
    }

    @Test
    void anAnswerThatIsNotFlinksIsOneLineAndExit3LikeAnUnreachableCluster() {
        String page = "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head><title>Error response</title></head>\n<body>"
                + "<p>Error code: 404</p>\n".repeat(40) + "</body></html>\n";
        flink.on("GET", "/jobs/overview", 404, page).on("GET", "/jobs/overview", 200, "{}");

        for (String expected : List.of("HTTP 404, an HTML page (\"Error response\"), not JSON", "no \"jobs\" list")) {
            Ops r = Ops.run(env, "jobs");
            assertThat(r.exit()).as(r.all()).isEqualTo(3);
            assertThat(r.stderr())
                    .as(r.all())
                    .isEqualTo("ops jobs: unexpected answer from " + flink.uri() + "/jobs/overview: " + expected
                            + " (is ops.flink-rest the address of Flink's REST API? e.g."
                            + " OPS_FLINK_REST=http://host:8081)\n");
        }
    }

    @Test
    void aFileThatIsNotASnapshotIsRefusedAndNothingIsSubmitted(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        Path file = Files.writeString(dir.resolve("garbage.bin"), "not a savepoint");
        flink.on("GET", "/jobmanager/config", 200, "[]").on("GET", "/jobs/overview", 200, overview());

        for (String[] call : List.of(
                new String[] {"resume", "--jar", jar.toString(), file.toString()},
                new String[] {"submit", "--jar", jar.toString(), "--savepoint", file.toString()})) {
            Ops r = Ops.run(env, call);
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr())
                    .as(r.all())
                    .isEqualTo("ops " + call[0] + ": " + file + " is not a savepoint or checkpoint: it is a file, not a"
                            + " savepoint-… or chk-<n> folder with _metadata in it (or that _metadata file)\n");
        }
        assertThat(flink.requests()).isEmpty();
    }

    @Test
    void pruneRefusesASnapshotDirectoryThatIsAFileButNotOneNotCreatedYet(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("garbage.bin"), "x");
        Path notYet = dir.resolve("not-yet");
        flink.on("GET", "/jobs/overview", 200, overview());

        Ops checkpoints =
                Ops.run(env, "prune", "--", "--checkpoint.dir", file.toString(), "--savepoint.dir", notYet.toString());
        assertThat(checkpoints.exit()).as(checkpoints.all()).isEqualTo(2);
        assertThat(checkpoints.stderr())
                .isEqualTo("ops prune: checkpoint.dir " + file
                        + " (from --checkpoint.dir) is a file, not a directory: give it a folder of its own\n");
        Ops savepoints =
                Ops.run(env, "prune", "--", "--checkpoint.dir", notYet.toString(), "--savepoint.dir", "file://" + file);
        assertThat(savepoints.exit()).as(savepoints.all()).isEqualTo(2);
        assertThat(savepoints.stderr()).contains("savepoint.dir file://" + file + " (from --savepoint.dir) is a file");
        assertThat(flink.requests()).isEmpty();

        Ops fresh = Ops.run(
                env, "prune", "--", "--checkpoint.dir", notYet.toString(), "--savepoint.dir", notYet.toString());
        assertThat(fresh.exit()).as(fresh.all()).isZero();
        assertThat(fresh.stderr()).contains("nothing to delete");
    }

    private static Path snapshot(Path dir, int secondsAfterT0) throws IOException {
        Files.createDirectories(dir);
        Files.setLastModifiedTime(
                Files.writeString(dir.resolve("_metadata"), "x"),
                FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(secondsAfterT0)));
        return dir;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    static String overview(String... jobs) {
        return "{\"jobs\":[" + String.join(",", jobs) + "]}";
    }

    static String job(String id, String state, long start) {
        return job(id, state, start, NAME);
    }

    static String job(String id, String state, long start, String name) {
        return "{\"jid\":\"" + id + "\",\"name\":\"" + name + "\",\"start-time\":" + start
                + ",\"end-time\":-1,\"duration\":1,\"state\":\"" + state + "\"}";
    }

    static String details(String id, String state) {
        return "{\"jid\":\"" + id + "\",\"name\":\"" + NAME + "\",\"state\":\"" + state
                + "\",\"vertices\":[],\"status-counts\":{\"RUNNING\":1}}";
    }
}
