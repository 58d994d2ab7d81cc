package io.streamlab.pipeline.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.snapshots.Snapshots.Kind;
import io.streamlab.pipeline.snapshots.Snapshots.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which snapshots belong to a deployment, which is the newest, and what retention deletes. */
class SnapshotsTest {
    static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");

    @TempDir
    Path dir;

    Path checkpoints;
    Path savepoints;
    Deployment local;
    Deployment cluster;
    Snapshots snapshots;

    @BeforeEach
    void deployments() throws IOException {
        checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        savepoints = Files.createDirectories(dir.resolve("savepoints"));
        local = new Deployment("spotify-tickets-pipeline", checkpoints.toString());
        cluster = new Deployment("spotify-tickets-pipeline", "file:///flink-data/checkpoints");
        snapshots = new Snapshots(local, checkpoints.toUri().toString(), savepoints.toString());
    }

    @Test
    void jobIdsStartWithTheFingerprintOfTheirDeployment() {
        String id = local.newJobId();
        assertThat(id).matches("[0-9a-f]{32}").startsWith(local.fingerprint());
        assertThat(local.newJobId()).isNotEqualTo(id);
        assertThat(local.started(id)).isTrue();
        assertThat(local.started(id.substring(0, 6))).isTrue();
        assertThat(local.started(id.toUpperCase())).isTrue();
        assertThat(cluster.started(id)).isFalse();
        assertThat(local.fingerprint()).isNotEqualTo(cluster.fingerprint());
        assertThat(new Deployment("another-job", checkpoints.toString()).fingerprint())
                .isNotEqualTo(local.fingerprint());
    }

    @Test
    void theSameDirectoryWrittenDifferentlyIsTheSameDeployment() {
        String fingerprint = cluster.fingerprint();
        for (String same : new String[] {
            "file:/flink-data/checkpoints", "/flink-data/checkpoints/", "file:///flink-data/./checkpoints/"
        }) {
            assertThat(new Deployment("spotify-tickets-pipeline", same).fingerprint())
                    .as(same)
                    .isEqualTo(fingerprint);
        }
        // Flink reads a percent escape literally: another folder
        assertThat(new Deployment("p", "file:///a%20b").fingerprint())
                .isEqualTo("a46a73")
                .isNotEqualTo(new Deployment("p", "/a b").fingerprint());
        assertThat(new Deployment("p", "./.local/checkpoints").fingerprint())
                .isEqualTo(new Deployment("p", ".local/checkpoints").fingerprint());
    }

    @Test
    void theNewestCompleteSnapshotOfThisDeploymentIsFoundAndOthersAreIgnored() throws IOException {
        String earlier = local.newJobId();
        String later = local.newJobId();
        Path chk3 = checkpoint(earlier, 3, T0);
        Path sp = savepoint(local, T0.plusSeconds(60));
        Path chk7 = checkpoint(later, 7, T0.plusSeconds(120));
        Files.createDirectories(checkpoints.resolve(later).resolve("chk-8")); // in progress: no _metadata
        Files.createDirectories(checkpoints.resolve(later).resolve("shared"));
        savepoint(cluster, T0.plusSeconds(600)); // another deployment's, newer
        checkpoint(cluster.newJobId(), 9, T0.plusSeconds(600));
        checkpoint("0123456789abcdef0123456789abcdef", 9, T0.plusSeconds(600)); // a job started by hand

        assertThat(snapshots.newest()).map(Snapshot::path).contains(chk7);
        assertThat(snapshots.checkpoints()).extracting(Snapshot::path).containsExactly(chk7, chk3);
        assertThat(snapshots.checkpoints().get(0).jobId()).isEqualTo(later);
        assertThat(snapshots.checkpoints().get(0).checkpoint()).isEqualTo(7);
        assertThat(snapshots.savepoints()).extracting(Snapshot::path).containsExactly(sp);
        assertThat(snapshots.savepoints().get(0).kind()).isEqualTo(Kind.SAVEPOINT);

        Path newer = savepoint(local, T0.plusSeconds(300));
        assertThat(snapshots.newest()).map(Snapshot::path).contains(newer);
        assertThat(snapshots.newest().orElseThrow().uri()).isEqualTo("file:" + newer.toAbsolutePath());
    }

    @Test
    void anotherDeploymentsNewestSavepointIsFoundApart() throws IOException {
        assertThat(snapshots.newestSavepointOfAnotherDeployment()).isEmpty();
        savepoint(local, T0.plusSeconds(900)); // this deployment's own: not another's
        Path renamedOlder = savepoint(new Deployment("old-name", checkpoints.toString()), T0);
        Path renamedNewer = savepoint(new Deployment("old-name", checkpoints.toString()), T0.plusSeconds(60));
        Files.createDirectories(savepoints.resolve("savepoint-abcdef-0123456789ab")); // incomplete: no _metadata

        assertThat(snapshots.newestSavepointOfAnotherDeployment())
                .map(Snapshot::path)
                .contains(renamedNewer);
        assertThat(renamedOlder).exists();
        assertThat(Snapshots.anotherDeploymentsSavepoint(
                        snapshots.newestSavepointOfAnotherDeployment().orElseThrow(), "--savepoint", "--fresh"))
                .contains(renamedNewer + " is a savepoint of another one")
                .contains("Resume it (--savepoint " + renamedNewer)
                .endsWith("or pass --fresh to start over.");
    }

    @Test
    void ofTwoSnapshotsWrittenInTheSameSecondTheHigherCheckpointWins() throws IOException {
        String job = local.newJobId();
        checkpoint(job, 4, T0);
        Path chk5 = checkpoint(job, 5, T0);
        assertThat(snapshots.newest()).map(Snapshot::path).contains(chk5);
    }

    @Test
    void nothingToResumeFromInMissingOrRemoteDirectories() {
        assertThat(new Snapshots(
                                local,
                                dir.resolve("none").toString(),
                                dir.resolve("none2").toString())
                        .newest())
                .isEmpty();
        Snapshots remote = new Snapshots(local, "s3://bucket/checkpoints", "s3://bucket/savepoints");
        assertThat(remote.local()).isFalse();
        assertThat(remote.newest()).isEmpty();
        assertThat(snapshots.local()).isTrue();
    }

    @Test
    void retentionKeepsTheNewestSavepointsAndEarlierJobsAndNeverTouchesOthers() throws IOException {
        Path sp1 = savepoint(local, T0);
        Path sp2 = savepoint(local, T0.plusSeconds(10));
        Path sp3 = savepoint(local, T0.plusSeconds(20));
        Path incomplete = Files.createDirectories(savepoints.resolve("savepoint-" + local.fingerprint() + "-0000aaaa"));
        Path foreignSp = savepoint(cluster, T0.minusSeconds(100));
        String a = local.newJobId();
        String b = local.newJobId();
        String c = local.newJobId();
        String running = local.newJobId();
        checkpoint(a, 1, T0);
        checkpoint(b, 2, T0.plusSeconds(30));
        checkpoint(c, 3, T0.plusSeconds(40));
        checkpoint(running, 1, T0.minusSeconds(500)); // old, but its job still runs
        String foreignJob = cluster.newJobId();
        checkpoint(foreignJob, 1, T0.minusSeconds(500));

        assertThat(snapshots.prune(2, Set.of(running))).containsExactlyInAnyOrder(sp1, checkpoints.resolve(a));

        assertThat(sp2).exists();
        assertThat(sp3).exists();
        assertThat(incomplete).exists();
        assertThat(foreignSp).exists();
        assertThat(checkpoints.resolve(b)).exists();
        assertThat(checkpoints.resolve(c)).exists();
        assertThat(checkpoints.resolve(running)).exists();
        assertThat(checkpoints.resolve(foreignJob)).exists();

        assertThat(snapshots.prune(1, Set.of()))
                .containsExactlyInAnyOrder(sp2, checkpoints.resolve(b), checkpoints.resolve(running));
        assertThat(snapshots.newest())
                .map(Snapshot::path)
                .contains(checkpoints.resolve(c).resolve("chk-3"));
    }

    /**
     * A crashed job's checkpoint is the newest snapshot, and three resumes of it failed: each start left a
     * job folder without a complete checkpoint, newer than the checkpoint. They counted among the kept
     * jobs, and the checkpoint the next start resumes from was deleted.
     */
    @Test
    void foldersOfFailedStartsDoNotPushTheNewestCheckpointOutOfTheRetention() throws IOException {
        String crashed = local.newJobId();
        Path newest = checkpoint(crashed, 7, T0);
        List<Path> failedStarts = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path job = checkpoints.resolve(local.newJobId());
            Files.createDirectories(job.resolve("shared"));
            Files.createDirectories(job.resolve("taskowned"));
            Files.setLastModifiedTime(job, FileTime.from(T0.plusSeconds(60 * i)));
            failedStarts.add(job);
        }
        String older = local.newJobId();
        checkpoint(older, 3, T0.minusSeconds(600));
        Path leftBefore =
                Files.createDirectories(checkpoints.resolve(local.newJobId()).resolve("shared"));
        Files.setLastModifiedTime(leftBefore.getParent(), FileTime.from(T0.minusSeconds(900)));

        assertThat(snapshots.prune(3, Set.of()))
                .as("the empty folder older than the newest checkpoint")
                .containsExactly(leftBefore.getParent());
        assertThat(snapshots.prune(1, Set.of()))
                .as("the older job, and the failed starts but the newest")
                .containsExactlyInAnyOrder(checkpoints.resolve(older), failedStarts.get(0), failedStarts.get(1));
        assertThat(newest).exists();
        assertThat(snapshots.newest()).map(Snapshot::path).contains(newest);
        failedStarts = failedStarts.subList(2, 3);
        assertThat(failedStarts).allMatch(Files::exists);

        // once a newer snapshot exists (here a savepoint of a job stopped before its first checkpoint,
        // whose folder holds none), the empty folders before it go
        Path stoppedEarly =
                Files.createDirectories(checkpoints.resolve(local.newJobId()).resolve("shared"));
        Files.setLastModifiedTime(stoppedEarly.getParent(), FileTime.from(T0.plusSeconds(500)));
        savepoint(local, T0.plusSeconds(600));
        assertThat(snapshots.prune(1, Set.of()))
                .containsAll(failedStarts)
                .contains(stoppedEarly.getParent())
                .doesNotContain(checkpoints.resolve(crashed));
    }

    /** The snapshot a run resumes from stays, however old: `--flink.execution.state-recovery.path` names any. */
    @Test
    void theSnapshotAboutToBeResumedIsNeverPruned() throws IOException {
        Path oldest = savepoint(local, T0);
        savepoint(local, T0.plusSeconds(10));
        savepoint(local, T0.plusSeconds(20));
        String oldJob = local.newJobId();
        Path oldCheckpoint = checkpoint(oldJob, 4, T0.minusSeconds(60));
        checkpoint(local.newJobId(), 5, T0.plusSeconds(30));

        assertThat(snapshots.prune(1, Set.of(), Set.of(oldest, oldCheckpoint))).hasSize(1);
        assertThat(oldest).exists();
        assertThat(oldCheckpoint).exists();
        assertThat(snapshots.prune(1, Set.of())).contains(oldest, checkpoints.resolve(oldJob));
    }

    /** A protected snapshot named another way than retention lists it was deleted all the same. */
    @Test
    void theSnapshotAboutToBeResumedIsRecognisedThroughALinkAndNamedAsFlinkReadsIt() throws IOException {
        Path spaced = Files.createDirectories(dir.resolve("my savepoints"));
        Snapshots inSpaced = new Snapshots(local, checkpoints.toString(), spaced.toString());
        Path oldest = savepoint(spaced, local, T0);
        savepoint(spaced, local, T0.plusSeconds(10));
        Path link = Files.createSymbolicLink(dir.resolve("link"), spaced);

        // as Flink reads a local path: "file:" and the path as it is, a space included
        assertThat(Snapshots.flinkUri(oldest)).isEqualTo("file:" + oldest).doesNotContain("%20");
        assertThat(Snapshots.localPath(Snapshots.flinkUri(oldest))).contains(oldest);
        assertThat(Snapshots.localPath("file://localhost" + oldest)).contains(oldest);

        assertThat(inSpaced.prune(1, Set.of(), Set.of(link.resolve(oldest.getFileName()))))
                .isEmpty();
        assertThat(oldest).exists();
        assertThat(inSpaced.prune(1, Set.of())).containsExactly(oldest);
    }

    @Test
    void deletingForAFreshStartLeavesOtherDeploymentsAlone() throws IOException {
        savepoint(local, T0);
        String job = local.newJobId();
        checkpoint(job, 1, T0);
        Path foreignSp = savepoint(cluster, T0);
        String foreignJob = cluster.newJobId();
        checkpoint(foreignJob, 1, T0);

        assertThat(snapshots.deleteAll(Set.of())).hasSize(2);

        assertThat(snapshots.newest()).isEmpty();
        assertThat(foreignSp).exists();
        assertThat(checkpoints.resolve(foreignJob)).exists();
    }

    @Test
    void checkpointsThatFlinkSubsumesWhileTheyAreListedAreSkippedNotAnError() throws Exception {
        String running = local.newJobId();
        String earlier = local.newJobId();
        Path kept = checkpoint(earlier, 1, T0);
        AtomicBoolean listing = new AtomicBoolean(true);
        AtomicReference<Throwable> churnFailed = new AtomicReference<>();
        // what a running job does: each new checkpoint written (metadata last), the one before deleted
        Thread churn = new Thread(() -> {
            try {
                for (int n = 1; listing.get(); n++) {
                    Path next = checkpoint(running, n, T0.plusSeconds(n));
                    Files.writeString(next.resolve("state-" + n), "x");
                    Path previous = checkpoints.resolve(running).resolve("chk-" + (n - 1));
                    if (Files.exists(previous)) {
                        try (Stream<Path> files = Files.list(previous)) {
                            for (Path f : files.toList()) {
                                Files.delete(f);
                            }
                        }
                        Files.delete(previous);
                    }
                }
            } catch (Throwable e) {
                churnFailed.set(e);
            }
        });
        churn.start();
        try {
            for (int i = 0; i < 3_000 && churnFailed.get() == null; i++) {
                assertThat(snapshots.checkpoints()).extracting(Snapshot::path).contains(kept);
                assertThat(snapshots.newest()).isPresent();
                assertThat(snapshots.prune(5, Set.of(running))).isEmpty();
            }
        } finally {
            listing.set(false);
            churn.join();
        }
        assertThat(churnFailed.get()).as("the checkpoint churn itself").isNull();
    }

    private Path checkpoint(String job, int n, Instant time) throws IOException {
        Path chk = Files.createDirectories(checkpoints.resolve(job).resolve("chk-" + n));
        Files.setLastModifiedTime(Files.writeString(chk.resolve("_metadata"), "x"), FileTime.from(time));
        return chk;
    }

    private Path savepoint(Deployment owner, Instant time) throws IOException {
        return savepoint(savepoints, owner, time);
    }

    private static Path savepoint(Path savepoints, Deployment owner, Instant time) throws IOException {
        String name =
                "savepoint-" + owner.newJobId().substring(0, 6) + "-" + Long.toHexString(time.toEpochMilli()) + "abc";
        Path sp = Files.createDirectories(savepoints.resolve(name));
        Files.setLastModifiedTime(Files.writeString(sp.resolve("_metadata"), "x"), FileTime.from(time));
        return sp;
    }
}
