#!/usr/bin/env bash
# The whole pipeline on one machine with only a JDK 17: an embedded Kafka broker, the topics, demo data
# and the job on a local Flink cluster with its web UI. This script checks Java, builds the jars when
# they are missing or older than the sources, then runs `ops local` (ops/…/local/LocalCommand.java),
# which does the rest from the job's own configuration. ./run-local.sh --help lists the options.
set -euo pipefail
cd "$(dirname "$0")"
fail() { printf 'run-local.sh: %s\n' "$*" >&2; exit 1; }
command -v java >/dev/null || fail "java not found: install a JDK 17"
major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
[[ "${major:-0}" -ge 17 ]] || fail "Java 17 or newer is needed (found ${major:-unknown})"
version=$(sed -n 's:^    <version>\(.*\)</version>$:\1:p' pom.xml | head -n1) # the jars of this checkout's version
[[ -n "$version" ]] || fail "cannot read the project's version from pom.xml"
stale=false
[[ -f flink-job/target/provided-classpath.txt ]] || stale=true
for jar in ops/target/ops-"$version".jar flink-job/target/flink-job-"$version".jar \
  producer-tool/target/producer-tool-"$version".jar insights/target/insights-"$version"-cli.jar; do
  [[ -f "$jar" && -z "$(find pom.xml conf */pom.xml */src/main -newer "$jar" -type f -print -quit)" ]] || stale=true
done
if [[ "$stale" == true ]]; then
  echo "[run-local] Building the jars (the first build downloads dependencies, a few minutes)..."
  mkdir -p .local/logs
  ./mvnw -B -q -DskipTests package -pl ops,flink-job,producer-tool,insights -am > .local/logs/build.log 2>&1 \
    || { tail -n 40 .local/logs/build.log; fail "the build failed (log: .local/logs/build.log)"; }
fi
# The run executes a copy of the jars and conf/ (ops/…/local/StagedInstallation.java): a build or a
# `mvn clean` while it is up, for days maybe, must not change the classes under it.
copy=$(java -cp ops/target/ops-"$version".jar io.streamlab.pipeline.ops.local.StagedInstallation .local/jars) \
  || fail "could not copy the jars to .local/jars (message above)"
exec java -jar "$copy"/ops/target/ops-"$version".jar local "$@"
