package io.streamlab.pipeline.ops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots.Kind;
import io.streamlab.pipeline.snapshots.Snapshots.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local run does with the output and the snapshots of earlier runs before the job starts. */
class LocalPlanTest {
    static final Optional<Snapshot> NEWEST =
            Optional.of(new Snapshot(Kind.SAVEPOINT, Path.of("/sp/savepoint-abcdef-01"), "abcdef", 0, Instant.EPOCH));

    @Test
    void aStreamingRunResumesFromTheNewestSnapshotAndKeepsTheOutput() {
        LocalPlan plan =
                LocalPlan.decide(false, false, Optional.empty(), NEWEST, Optional.empty(), true, false, "/out");
        assertThat(plan.resumeFrom()).isEqualTo(NEWEST);
        assertThat(plan.clearOutput()).isFalse();
        assertThat(plan.cleanup()).isEqualTo(LocalPlan.Cleanup.NONE);
        assertThat(plan.message()).isEqualTo("Resuming from /sp/savepoint-abcdef-01 (--fresh to start over)");
    }

    @Test
    void aSnapshotGivenAfterTheDashesWins() {
        LocalPlan plan =
                LocalPlan.decide(false, false, Optional.of("/chk-3"), NEWEST, Optional.empty(), true, false, "/out");
        assertThat(plan.resumeFrom()).isEmpty();
        assertThat(plan.clearOutput()).isFalse();
        assertThat(plan.message()).isEqualTo("Resuming from the snapshot given after --: /chk-3");
    }

    @Test
    void withNothingToResumeFromTheOutputStartsEmpty() {
        LocalPlan plan = LocalPlan.decide(
                false, false, Optional.empty(), Optional.empty(), Optional.empty(), true, false, "/out");
        assertThat(plan.clearOutput()).isTrue();
        assertThat(plan.resumeFrom()).isEmpty();
        assertThat(plan.message()).contains("starts from the beginning of the topics, so /out starts empty");

        LocalPlan first = LocalPlan.decide(
                false, false, Optional.empty(), Optional.empty(), Optional.empty(), false, false, "/out");
        assertThat(first.clearOutput()).isFalse();
        assertThat(first.message()).isNull();
    }

    @Test
    void aBoundedRunRewritesTheOutputAndForgetsEverySnapshotOfTheStream() {
        // a savepoint kept would be resumed by the next streaming run, which would then write again, on
        // top of the recomputed output, every window and routed ticket read after it
        LocalPlan plan = LocalPlan.decide(true, false, Optional.empty(), NEWEST, Optional.empty(), true, false, "/out");
        assertThat(plan.clearOutput()).isTrue();
        assertThat(plan.cleanup()).isEqualTo(LocalPlan.Cleanup.ALL_SNAPSHOTS);
        assertThat(plan.resumeFrom()).isEmpty();
        assertThat(plan.message()).startsWith("--bounded: every window is recomputed into a cleared /out");
    }

    @Test
    void aSnapshotGivenBesideFreshOrBoundedIsRefusedWithoutTheCredentialsOfItsUrl() {
        for (boolean fresh : new boolean[] {true, false}) {
            assertThatThrownBy(() -> LocalPlan.decide(
                            fresh,
                            !fresh,
                            Optional.of("s3://AKIA:s3cret@bucket/sp/savepoint-1"),
                            NEWEST,
                            Optional.empty(),
                            true,
                            false,
                            "/out"))
                    .isInstanceOf(OpsFailure.class)
                    .hasMessageContaining("--flink.execution.state-recovery.path s3://******@bucket/sp/savepoint-1")
                    .hasMessageNotContaining("s3cret");
        }
        assertThat(LocalPlan.decide(
                                false,
                                false,
                                Optional.of("s3://AKIA:s3cret@bucket/sp/savepoint-1"),
                                NEWEST,
                                Optional.empty(),
                                true,
                                false,
                                "/out")
                        .message())
                .isEqualTo("Resuming from the snapshot given after --: s3://******@bucket/sp/savepoint-1");
    }

    @Test
    void aDeploymentWithoutSnapshotsBesideAnothersSavepointDoesNotStartOver() {
        Optional<Snapshot> another = Optional.of(
                new Snapshot(Kind.SAVEPOINT, Path.of("/sp/savepoint-123456-02"), "123456", 0, Instant.EPOCH));
        // job.name or checkpoint.dir changed: starting over would route every ticket to the team topics again
        assertThatThrownBy(() -> LocalPlan.decide(
                        false, false, Optional.empty(), Optional.empty(), another, true, false, "/out"))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining("/sp/savepoint-123456-02 is a savepoint of another one: did job.name or"
                        + " checkpoint.dir change?")
                .hasMessageContaining("./run-local.sh -- --flink.execution.state-recovery.path /sp/savepoint-123456-02")
                .hasMessageContaining("or pass --fresh to start over");
        // a first run into an empty output, --fresh, a snapshot given or one of its own: as before
        assertThat(LocalPlan.decide(false, false, Optional.empty(), Optional.empty(), another, false, false, "/out")
                        .clearOutput())
                .isFalse();
        assertThat(LocalPlan.decide(false, true, Optional.empty(), Optional.empty(), another, true, false, "/out")
                        .cleanup())
                .isEqualTo(LocalPlan.Cleanup.ALL_SNAPSHOTS);
        assertThat(LocalPlan.decide(false, false, Optional.of("/chk-3"), Optional.empty(), another, true, false, "/out")
                        .message())
                .contains("/chk-3");
        assertThat(LocalPlan.decide(false, false, Optional.empty(), NEWEST, another, true, false, "/out")
                        .resumeFrom())
                .isEqualTo(NEWEST);
        // after --bounded (which deleted this deployment's snapshots), a savepoint copied in from a cluster
        // does not stop the next streaming run: it starts over into an empty output
        LocalPlan afterBounded =
                LocalPlan.decide(false, false, Optional.empty(), Optional.empty(), another, true, true, "/out");
        assertThat(afterBounded.clearOutput()).isTrue();
        assertThat(afterBounded.resumeFrom()).isEmpty();
    }

    /** Both deleted the named snapshot with the others before the job could restore it. */
    @Test
    void startingOverAndResumingANamedSnapshotAreRefusedTogether() {
        for (boolean bounded : new boolean[] {true, false}) {
            assertThatThrownBy(() -> LocalPlan.decide(
                            bounded, !bounded, Optional.of("/chk-3"), NEWEST, Optional.empty(), true, false, "/out"))
                    .isInstanceOf(OpsFailure.class)
                    .hasMessage(
                            (bounded ? "--bounded" : "--fresh")
                                    + " starts over from the topics and deletes this deployment's snapshots, but"
                                    + " --flink.execution.state-recovery.path /chk-3 asks to resume one: pass one or the other");
        }
    }

    @Test
    void freshClearsEverythingOfThisDeployment() {
        LocalPlan plan = LocalPlan.decide(false, true, Optional.empty(), NEWEST, Optional.empty(), true, false, "/out");
        assertThat(plan.clearOutput()).isTrue();
        assertThat(plan.cleanup()).isEqualTo(LocalPlan.Cleanup.ALL_SNAPSHOTS);
        assertThat(plan.resumeFrom()).isEmpty();
        assertThat(plan.message()).startsWith("--fresh: clearing /out");
    }

    @Test
    void theOutputIsClearedButNeverAFolderThatHoldsMore(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out/genre_stats/dt=2026-01-01"));
        Files.writeString(out.resolve("part-0.parquet"), "x");
        OutputDirectory output = OutputDirectory.of(dir.resolve("out").toString());
        assertThat(output.exists()).isTrue();
        output.clear(dir.resolve("checkout"));
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir).exists();

        for (String dangerous : new String[] {".", "/", System.getProperty("user.home"), dir.toString()}) {
            OutputDirectory typo = OutputDirectory.of(dangerous);
            assertThatThrownBy(() -> typo.clear(dir.resolve("checkout")))
                    .as(dangerous)
                    .isInstanceOf(OpsFailure.class)
                    .hasMessageContaining("refusing to delete");
        }
        Path notes = Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> OutputDirectory.of(notes.toString()).clear(dir.resolve("checkout")))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining("it is a file, not an output folder");
        assertThat(notes).hasContent("mine");
        assertThatThrownBy(() -> OutputDirectory.of("s3://bucket/out"))
                .isInstanceOf(OpsFailure.class)
                .hasMessageContaining("not a local directory");
    }

    @Test
    void aBoundedRunMarksTheOutputItRewroteAndAClearRemovesTheMark(@TempDir Path dir) {
        OutputDirectory output = OutputDirectory.of(dir.resolve("out").toString());
        output.markWrittenByABoundedRun();
        assertThat(output.writtenByABoundedRun()).isTrue();
        output.clear(dir.resolve("checkout"));
        assertThat(output.exists()).isFalse();
        assertThat(output.writtenByABoundedRun()).isFalse();
    }

    @Test
    void theBrokerPortComesFromTheBootstrapServersByDefault() {
        assertThat(LocalCommand.portOf("localhost:9092")).isEqualTo(9092);
        assertThat(LocalCommand.portOf("localhost:19092,other:9093")).isEqualTo(19092);
        assertThat(LocalCommand.portOf("kafka")).isEqualTo(9092);
    }
}
