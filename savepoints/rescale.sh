#!/usr/bin/env bash
# Changes the parallelism of a running job: stop with a savepoint, then resume with the new parallelism.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

usage() {
  cat <<USAGE
Usage: savepoints/rescale.sh JOB_ID PARALLELISM JAR [job flags...]

Rescales the running job JOB_ID on the Flink cluster at \$FLINK_REST (now $FLINK_REST): stops it with a
savepoint (./stop.sh), then runs JAR from that savepoint with PARALLELISM (./resume.sh). Prints the new
job id. Keyed state (windows) is redistributed by key group, up to job.max-parallelism (128).

Before stopping anything it checks that the cluster has PARALLELISM slots; add TaskManagers first
with  docker compose up -d --scale taskmanager=N  (each has taskmanager.numberOfTaskSlots slots).
Pass the same job flags as at the first submission (the docker compose JobManager's environment
already has the defaults).

  -h, --help   this help

Against ./run-local.sh this does not apply: stop it, then ./run-local.sh -- --job.parallelism N.

Environment: FLINK_REST (default http://localhost:8081), OPS_TIMEOUT (seconds, default 600).
Exit codes: 0 rescaled, 1 refused or failed, 2 usage error, 3 Flink cannot be reached.
USAGE
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[[ $# -ge 3 ]] || usage_error "expected JOB_ID PARALLELISM JAR"
JOB=$1
PARALLELISM=$2
JAR=$3
shift 3
check_job_id "$JOB"
[[ "$PARALLELISM" =~ ^[1-9][0-9]*$ ]] || usage_error "'$PARALLELISM' is not a parallelism (a positive number)"
[[ -f "$JAR" ]] || die "no jar at $JAR (build it: ./mvnw -B package -DskipTests)"
if is_local_run; then
  die "$LOCAL_RUN_HINT To change its parallelism: ./run-local.sh -- --job.parallelism $PARALLELISM"
fi
require_running "$JOB"
rest GET /overview
SLOTS=$(printf '%s' "$HTTP_BODY" | json_get slots-total)
if [[ "$SLOTS" =~ ^[0-9]+$ ]] && (( SLOTS < PARALLELISM )); then
  die "parallelism $PARALLELISM needs $PARALLELISM slots but the cluster has $SLOTS: add TaskManagers first \
(docker compose up -d --scale taskmanager=N); job $JOB was left running"
fi

SAVEPOINT=$(bash "$OPS_DIR/stop.sh" "$JOB")
say "job $JOB stopped with savepoint $SAVEPOINT; starting it with parallelism $PARALLELISM"
if ! NEW_JOB=$(bash "$OPS_DIR/submit.sh" --savepoint "$SAVEPOINT" --parallelism "$PARALLELISM" "$JAR" "$@"); then
  die "the job was stopped, but running it again failed (above). Once fixed:
  savepoints/resume.sh --parallelism $PARALLELISM $JAR $SAVEPOINT ..."
fi
say "rescaled: job $NEW_JOB runs with parallelism $PARALLELISM (was job $JOB)"
printf '%s\n' "$NEW_JOB"
