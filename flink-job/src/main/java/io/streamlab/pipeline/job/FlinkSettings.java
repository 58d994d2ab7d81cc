package io.streamlab.pipeline.job;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * The Flink side of the pipeline configuration: checkpointing, state backend, restarts and the
 * settings that keep savepoints upgradable. Keys are Flink 2.x configuration keys, so anything here
 * can also be read in a cluster's config.yaml; {@code flink.*} pipeline keys are applied last.
 */
public final class FlinkSettings {
    private FlinkSettings() {}

    public static Map<String, String> asMap(PipelineConfig config) {
        PipelineConfig.FaultTolerance ft = config.faultTolerance();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pipeline.name", config.job().name());
        m.put("parallelism.default", Integer.toString(config.job().parallelism()));
        m.put("pipeline.max-parallelism", Integer.toString(config.job().maxParallelism()));
        // State must never fall back to Kryo, and every operator must carry an explicit uid:
        // both are what lets a savepoint survive an upgrade of the job.
        m.put("pipeline.generic-types", "false");
        m.put("pipeline.auto-generate-uids", "false");
        // chained operators hand objects on without copies: the job's records are immutable, and an operator
        // that emits a mutable one (a pre-aggregated partial, a digest) drops it once emitted and never
        // touches it again
        m.put("pipeline.object-reuse", "true");
        if (config.job().bounded()) {
            m.put("execution.runtime-mode", "BATCH");
        }

        m.put("execution.checkpointing.interval", millis(ft.checkpointInterval()));
        m.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        m.put("execution.checkpointing.timeout", millis(ft.checkpointTimeout()));
        m.put("execution.checkpointing.min-pause", millis(ft.minPause()));
        m.put("execution.checkpointing.tolerable-failed-checkpoints", Integer.toString(ft.tolerableFailures()));
        m.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        m.put("execution.checkpointing.dir", uri(ft.checkpointDir()));
        m.put("execution.checkpointing.savepoint-dir", uri(ft.savepointDir()));
        m.put("execution.checkpointing.num-retained", "3");

        m.put("state.backend.type", ft.stateBackend().name().toLowerCase());
        if (ft.stateBackend() == PipelineConfig.StateBackend.ROCKSDB) {
            m.put("execution.checkpointing.incremental", "true");
        }

        if (ft.restartAttempts() == 0) {
            m.put("restart-strategy.type", "none");
        } else {
            // Exponential delay with a reset: at most restart.attempts failures in a row, but a job that
            // then ran restart.reset-after without failing starts counting again. A fixed-delay count
            // never forgets, so the 6th transient failure in a month would leave the job FAILED.
            m.put("restart-strategy.type", "exponential-delay");
            m.put(
                    "restart-strategy.exponential-delay.attempts-before-reset-backoff",
                    Integer.toString(ft.restartAttempts()));
            m.put("restart-strategy.exponential-delay.initial-backoff", millis(ft.restartDelay()));
            m.put("restart-strategy.exponential-delay.max-backoff", millis(ft.restartMaxDelay()));
            m.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
            m.put("restart-strategy.exponential-delay.reset-backoff-threshold", millis(ft.restartResetAfter()));
            m.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
        }
        checkFlinkOverrides(config);
        m.putAll(config.flinkOverrides());
        return m;
    }

    /** The checks of the {@code flink.*} settings Flink cannot do itself: at start-up, before Kafka is asked. */
    public static void checkFlinkOverrides(PipelineConfig config) {
        config.flinkOverrides().keySet().forEach(FlinkSettings::checkMaskedByFlink);
    }

    /**
     * Flink shows its configuration in the web UI and REST API, masking only the keys it knows for secret
     * (password, secret, token...). A secret under another name ({@code fs.gs.auth.service.account.private.key},
     * {@code s3.access-key}) would be shown there in clear: it belongs in the Flink processes' own
     * configuration, not in the job's.
     */
    static void checkMaskedByFlink(String key) {
        if (RawConfig.isSecret(key) && !GlobalConfiguration.isSensitive(key)) {
            throw new ConfigException(
                    "flink." + key + " is named like a secret, and Flink's web UI and REST API would show"
                            + " it in clear (Flink masks only keys naming a password, secret or token): give it in the Flink cluster's"
                            + " own config.yaml, not to the job");
        }
    }

    public static Configuration toConfiguration(PipelineConfig config) {
        return Configuration.fromMap(asMap(config));
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /**
     * A folder as Flink reads it. A URI ({@code file:///…}, {@code s3://…}) stays as written, with a file
     * scheme in the lower case Flink looks it up in; a path, or {@code file:/…}, becomes absolute, so the
     * task managers resolve it the same way. The folder is the one the configuration checks
     * ({@code Snapshots.localPath}).
     */
    static String uri(String path) {
        boolean fileScheme = path.regionMatches(true, 0, "file:", 0, "file:".length());
        if (path.contains("://")) {
            return fileScheme ? "file" + path.substring("file".length()) : path;
        }
        return Snapshots.localPath(path).map(Snapshots::flinkUri).orElse(path);
    }
}
