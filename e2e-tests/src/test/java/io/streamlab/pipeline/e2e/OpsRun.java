package io.streamlab.pipeline.e2e;

import io.streamlab.pipeline.ops.OpsCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs an ops command: in this JVM (as its main() would), or as the built jar in a JVM of its own. */
public final class OpsRun {
    private OpsRun() {}

    /** {@code ops args...} in this JVM, with this environment; what it printed and its exit code. */
    public static Repository.Result inProcess(Map<String, String> env, List<String> args) {
        return InProcessCli.run(OpsCli::run, env, args);
    }

    /** {@code java -jar ops/target/ops-<version>.jar args...}, as a user or the compose services run it. */
    public static Repository.Result jar(Path workDir, Map<String, String> env, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Repository.java(), "-jar", opsJar().toString()));
        command.addAll(args);
        return Repository.run(workDir, env, timeout, command);
    }

    /** The thin ops jar, with its dependencies in ops/target/lib. */
    public static Path opsJar() {
        return Repository.root().resolve(Repository.builtJar("ops"));
    }
}
