#!/usr/bin/env bash
# The whole pipeline on one machine with only a JDK 17: an embedded Kafka broker, the topics, demo data
# from the producer, and the job on a local Flink cluster with its web UI.
#
#   ./run-local.sh            run until Ctrl+C (stops with a savepoint; the next start resumes from it, or
#                             after a crash from the newest retained checkpoint)
#   ./run-local.sh --bounded  process what the topics hold, commit it, write the insights (summary, CSV
#                             exports, report.html) and exit 0
#   ./run-local.sh --help     all options
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

BOUNDED=false
FRESH=false
KAFKA_PORT=${KAFKA_PORT:-9092}
TRACKS=${DEMO_TRACKS:-20000}
TICKETS=${DEMO_TICKETS:-2000}
LIVE_EVERY=${LIVE_EVERY:-30}
JOB_ARGS=()

usage() {
  cat <<EOF
Usage: ./run-local.sh [options] [-- job flags]

  --bounded          read what the topics hold, write ./output from scratch, print a summary and exit
  --fresh            ignore savepoints and checkpoints: clear ./output, ./savepoints and .local/checkpoints
                     and start from the beginning
  --kafka-port N     port of the embedded broker (default 9092, env KAFKA_PORT); its controller uses N+1
  --tracks N         synthetic tracks to publish (default 20000, env DEMO_TRACKS); published once per seed
  --tickets N        generated tickets to publish (default 2000, env DEMO_TICKETS); published once per seed
  --live-every N     print the live view (job metrics, latest committed windows) every N seconds
                     (default 30, env LIVE_EVERY; 0: no live view)
  -h, --help         this help

Anything after -- goes to the job as configuration flags, e.g. -- --window.tracks.size 30s
Logs: .local/logs/   Output: ./output/   Insights: ./output/_insights/   Savepoints: ./savepoints/
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bounded) BOUNDED=true ;;
    --fresh) FRESH=true ;;
    --kafka-port) KAFKA_PORT=${2:?--kafka-port needs a value}; shift ;;
    --tracks) TRACKS=${2:?--tracks needs a value}; shift ;;
    --tickets) TICKETS=${2:?--tickets needs a value}; shift ;;
    --live-every) LIVE_EVERY=${2:?--live-every needs a value}; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; JOB_ARGS=("$@"); break ;;
    *) echo "run-local.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$KAFKA_PORT" "$TRACKS" "$TICKETS" "$LIVE_EVERY"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run-local.sh: '$n' is not a number" >&2; exit 2; }
done

say() { printf '\033[1m[run-local]\033[0m %s\n' "$*"; }
die() { printf '[run-local] ERROR: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null || die "java not found: install a JDK 17"
JAVA_MAJOR=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
[[ "${JAVA_MAJOR:-0}" -ge 17 ]] || die "Java 17 or newer is needed (found ${JAVA_MAJOR:-unknown})"

mkdir -p .local/logs

# ---------------------------------------------------------------- build what is missing or stale
producer_jar() { ls producer-tool/target/producer-tool-*.jar 2>/dev/null | grep -v original | head -n1; }
job_jar() { ls flink-job/target/flink-job-*.jar 2>/dev/null | grep -v original | head -n1; }
insights_jar() { ls insights/target/insights-*-cli.jar 2>/dev/null | head -n1; }
needs_build() {
  local jar
  for jar in "$(producer_jar)" "$(job_jar)" "$(insights_jar)"; do
    [[ -n "$jar" && -f "$jar" ]] || return 0
    [[ -z "$(find pom.xml conf/pipeline.properties */pom.xml */src/main -newer "$jar" -type f 2>/dev/null | head -n1)" ]] || return 0
  done
  [[ -f flink-job/target/provided-classpath.txt ]] || return 0
  return 1
}
if needs_build; then
  say "Building the jars (the first build downloads dependencies, a few minutes)..."
  ./mvnw -B -q -DskipTests install > .local/logs/build.log 2>&1 || { tail -n 40 .local/logs/build.log; die "build failed (log: .local/logs/build.log)"; }
fi
PRODUCER_JAR=$(producer_jar)
JOB_JAR=$(job_jar)
INSIGHTS=(java -jar "$(insights_jar)")
PRODUCER=(java -jar "$PRODUCER_JAR")
BOOTSTRAP="localhost:$KAFKA_PORT"

# ---------------------------------------------------------------- Kafka
BROKER_PID=""
JOB_PID=""
LIVE_PID=""
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup() {
  trap - INT TERM EXIT
  if [[ -n "$LIVE_PID" ]]; then
    kill -TERM "$LIVE_PID" 2>/dev/null || true
  fi
  if [[ -n "$JOB_PID" ]] && kill -0 "$JOB_PID" 2>/dev/null; then
    say "Stopping the job with a savepoint..."
    kill -TERM "$JOB_PID" 2>/dev/null || true
    wait "$JOB_PID" 2>/dev/null || true
  fi
  if [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
    say "Stopping the Kafka broker..."
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if port_busy "$KAFKA_PORT"; then
  die "port $KAFKA_PORT is already in use (another broker or an earlier run still stopping?). Stop it, or pick another port: ./run-local.sh --kafka-port 19092"
fi
say "Starting Kafka on $BOOTSTRAP (data in .local/kafka, log .local/logs/kafka.log)"
"${PRODUCER[@]}" broker --port "$KAFKA_PORT" --controller-port "$((KAFKA_PORT + 1))" --data-dir .local/kafka > .local/logs/kafka.log 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 120); do
  grep -q "ready at" .local/logs/kafka.log 2>/dev/null && break
  kill -0 "$BROKER_PID" 2>/dev/null || { tail -n 20 .local/logs/kafka.log; BROKER_PID=""; die "the broker did not start (log above)"; }
  sleep 0.5
done
grep -q "ready at" .local/logs/kafka.log || die "the broker was not ready after 60 s (.local/logs/kafka.log)"

"${PRODUCER[@]}" topics --kafka.bootstrap.servers "$BOOTSTRAP"

say "Publishing demo data: $TRACKS tracks, $TICKETS tickets (once: a second run finds them and skips)"
"${PRODUCER[@]}" tracks --synthetic "$TRACKS" --seed 42 --kafka.bootstrap.servers "$BOOTSTRAP" --progress-interval 5s
"${PRODUCER[@]}" tickets --count "$TICKETS" --seed 42 --kafka.bootstrap.servers "$BOOTSTRAP" --progress-interval 5s

# ---------------------------------------------------------------- the job
RECOVERY=()
if [[ "$FRESH" == true ]]; then
  say "--fresh: clearing ./output, ./savepoints and the retained checkpoints"
  rm -rf output savepoints/savepoint-* .local/checkpoints \
    || die "cannot remove the old output or snapshots (files written by the cluster's containers belong to uid 9999: remove them with sudo)"
fi
if [[ "$BOUNDED" == true ]]; then
  # A bounded run recomputes every window from the beginning of the topics: older part files would
  # hold the same windows again, so the output starts empty (and no checkpoint is resumed from later).
  rm -rf output .local/checkpoints
  JOB_ARGS=(--job.bounded true "${JOB_ARGS[@]}")
else
  # The newest complete snapshot: a savepoint (Ctrl+C) or, after a crash (kill -9, power loss: no
  # savepoint), the newest retained checkpoint. An older one would replay, and write a second time,
  # what was committed after it.
  LATEST=$(ls -dt savepoints/savepoint-*/_metadata .local/checkpoints/*/chk-*/_metadata 2>/dev/null | head -n1 || true)
  LATEST=${LATEST%/_metadata}
  if [[ " ${JOB_ARGS[*]-} " == *" --flink.execution.state-recovery.path "* ]]; then
    say "Resuming from the snapshot given after --"
  elif [[ -n "$LATEST" ]]; then
    say "Resuming from $LATEST (--fresh to start over)"
    RECOVERY=(--flink.execution.state-recovery.path "file://$ROOT/$LATEST")
  elif [[ -d output ]]; then
    say "No savepoint or checkpoint to resume from: the job starts from the beginning of the topics, so ./output starts empty"
    rm -rf output
  fi
fi

# The value a job flag after -- sets, else the default: the live view and the insights follow it.
job_flag() {
  local i
  for ((i = 0; i + 1 < ${#JOB_ARGS[@]}; i++)); do
    [[ "${JOB_ARGS[$i]}" == "--$1" ]] && { echo "${JOB_ARGS[$((i + 1))]}"; return; }
  done
  echo "$2"
}
OUTPUT_DIR=$(job_flag output.dir output)
[[ "$OUTPUT_DIR" == /* ]] || OUTPUT_DIR="$ROOT/${OUTPUT_DIR#./}"
UI_PORT=$(job_flag local.web-ui.port 8081)
if [[ " ${JOB_ARGS[*]-} " != *" --local.web-ui.port "* ]]; then
  while port_busy "$UI_PORT"; do UI_PORT=$((UI_PORT + 1)); done
  JOB_ARGS=(--local.web-ui.port "$UI_PORT" "${JOB_ARGS[@]}")
fi

say "Starting the job on a local Flink cluster (log .local/logs/flink-job.log)"
java -Xmx2g -Dlog4j2.StatusLogger.level=ERROR -Dlog4j.configurationFile="$ROOT/conf/log4j2-local.xml" -DlogFile="$ROOT/.local/logs/flink-job.log" \
  -cp "$JOB_JAR:$(cat flink-job/target/provided-classpath.txt)" io.streamlab.pipeline.job.LocalRunner \
  --kafka.bootstrap.servers "$BOOTSTRAP" "${RECOVERY[@]}" "${JOB_ARGS[@]}" &
JOB_PID=$!
if [[ "$BOUNDED" != true ]]; then
  say "Web UI: http://localhost:$UI_PORT   Output: $OUTPUT_DIR   Ctrl+C stops with a savepoint"
fi
if [[ "$LIVE_EVERY" -gt 0 ]]; then
  # the job's own metrics (REST API) and its committed windows (Parquet), never a second Kafka reader
  "${INSIGHTS[@]}" watch --web-ui "http://localhost:$UI_PORT" --output "$OUTPUT_DIR" --every "${LIVE_EVERY}s" &
  LIVE_PID=$!
fi
set +e
wait "$JOB_PID"
STATUS=$?
set -e
JOB_PID=""
if [[ -n "$LIVE_PID" ]]; then
  kill -TERM "$LIVE_PID" 2>/dev/null || true
  wait "$LIVE_PID" 2>/dev/null || true
  LIVE_PID=""
fi
if [[ "$BOUNDED" == true ]]; then
  [[ $STATUS -eq 0 ]] || die "the job failed (exit $STATUS): see .local/logs/flink-job.log"
  say "Done. Parquet datasets in $OUTPUT_DIR; writing the insights..."
  "${INSIGHTS[@]}" report --output "$OUTPUT_DIR" || die "the insights could not be written (message above)"
  say "Open $OUTPUT_DIR/_insights/report.html in a browser for the charts"
fi
exit $STATUS
