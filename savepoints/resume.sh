#!/usr/bin/env bash
# Submits the job jar restoring its state from a savepoint (or a retained checkpoint).
set -euo pipefail
source "$(dirname "$0")/_common.sh"

usage() {
  cat <<USAGE
Usage: savepoints/resume.sh [--allow-non-restored-state] [--parallelism N] JAR SAVEPOINT_PATH [job flags...]

Runs JAR on the Flink cluster at \$FLINK_REST (now $FLINK_REST) from the savepoint SAVEPOINT_PATH (what
./stop.sh or ./savepoint.sh printed, or a retained checkpoint from ./latest-checkpoint.sh), waits until
it runs and prints the new job id. Every operator picks up its state by its uid: windows in progress,
Kafka offsets, pending Parquet files and Kafka transactions.

  --allow-non-restored-state   the savepoint holds state of an operator the new jar no longer has
                               (removed, or its uid changed): drop that state instead of refusing
                               to start. See savepoints/README.md before using it.
  --parallelism N              resume with another parallelism (state is redistributed by key group)
  -h, --help                   this help

SAVEPOINT_PATH is the path as the JobManager sees it. A folder of this repository's ./savepoints is
translated to /savepoints/... when the cluster's savepoint directory is /savepoints (docker compose).
Job flags: as for ./submit.sh (the docker compose JobManager's environment already has the defaults).

Against ./run-local.sh this does not apply: ./run-local.sh resumes from the newest savepoint itself.

Environment: FLINK_REST (default http://localhost:8081), OPS_TIMEOUT (seconds, default 600).
Exit codes: 0 running, 1 refused or failed, 2 usage error, 3 Flink cannot be reached.
USAGE
}

OPTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --allow-non-restored-state) OPTS+=("$1") ;;
    --parallelism) [[ $# -ge 2 ]] || usage_error "--parallelism needs a number"; OPTS+=("$1" "$2"); shift ;;
    --) shift; break ;;
    -*) usage_error "unknown option '$1'" ;;
    *) break ;;
  esac
  shift
done
[[ $# -ge 2 ]] || usage_error "expected JAR SAVEPOINT_PATH"
JAR=$1
SAVEPOINT=$2
shift 2

# A savepoint visible on this machine is checked, and a folder of ./savepoints is given to the docker
# compose cluster under the path it is mounted at.
LOCAL=${SAVEPOINT#file://}
LOCAL=${LOCAL#file:}
if [[ "$SAVEPOINT" != *://* || "$SAVEPOINT" == file:* ]] && [[ -d "$LOCAL" ]]; then
  [[ -f "$LOCAL/_metadata" ]] || die "$SAVEPOINT is not a complete savepoint or checkpoint (no _metadata in it)"
  ABS=$(cd "$LOCAL" && pwd)
  if [[ "$ABS" == "$OPS_ROOT/savepoints/"* ]] && rest GET /jobmanager/config && [[ "$HTTP_STATUS" == 200 ]]; then
    CLUSTER_DIR=$(printf '%s' "$HTTP_BODY" | json_config_value execution.checkpointing.savepoint-dir)
    CLUSTER_DIR=${CLUSTER_DIR#file://}; CLUSTER_DIR=${CLUSTER_DIR#file:}
    if [[ "${CLUSTER_DIR%/}" == /savepoints ]]; then
      ABS="/savepoints/${ABS#"$OPS_ROOT/savepoints/"}"
    fi
  fi
  SAVEPOINT=$ABS
fi

exec bash "$OPS_DIR/submit.sh" --savepoint "$SAVEPOINT" ${OPTS[@]+"${OPTS[@]}"} "$JAR" "$@"
