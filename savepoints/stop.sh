#!/usr/bin/env bash
# Stops a running job with a savepoint and prints the savepoint's location.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

usage() {
  cat <<USAGE
Usage: savepoints/stop.sh [--drain] JOB_ID [DIR]

Stops the running job JOB_ID (./jobs.sh lists them) with a savepoint: the sources stop, a last
savepoint is taken (Parquet part files and Kafka transactions of that checkpoint are committed), then
the job ends as FINISHED. Prints the savepoint location on stdout: resume from it with ./resume.sh.

  DIR          where the savepoint goes, as the JobManager sees it (default: the job's savepoint
               directory: ./savepoints for ./run-local.sh, /savepoints = ./savepoints on the
               docker compose cluster). A relative path is made absolute from the current directory.
  --drain      let event time run to the end first (fires every open window). Only for a job that
               will not be resumed: the windows it fires early would be missing data afterwards.
  -h, --help   this help

Against ./run-local.sh the local cluster shuts down once its job has stopped (run-local.sh then exits);
start it again with ./run-local.sh, which resumes from the newest savepoint in ./savepoints.

Environment: FLINK_REST (default http://localhost:8081), OPS_TIMEOUT (seconds, default 600).
Exit codes: 0 done, 1 unknown job or stop failed, 2 usage error, 3 Flink cannot be reached.
USAGE
}

DRAIN=false
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --drain) DRAIN=true ;;
    -*) usage_error "unknown option '$1'" ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done
[[ ${#ARGS[@]} -ge 1 && ${#ARGS[@]} -le 2 ]] || usage_error "expected JOB_ID [DIR]"
JOB=${ARGS[0]}
check_job_id "$JOB"
require_running "$JOB"

BODY='{"drain":'"$DRAIN"',"formatType":"CANONICAL"'
if [[ ${#ARGS[@]} -eq 2 ]]; then
  BODY+=',"targetDirectory":'"$(json_string "$(target_dir "${ARGS[1]}")")"
fi
BODY+='}'

rest POST "/jobs/$JOB/stop" -H 'Content-Type: application/json' -d "$BODY"
[[ "$HTTP_STATUS" == 202 || "$HTTP_STATUS" == 200 ]] || die "Flink refused to stop the job: $(rest_error)"
TRIGGER=$(printf '%s' "$HTTP_BODY" | json_get request-id)
[[ -n "$TRIGGER" ]] || die "unexpected answer from Flink: ${HTTP_BODY:0:300}"
say "stopping job $JOB with a savepoint..."
LOCATION=$(wait_for_operation "$JOB" "$TRIGGER" "stop with savepoint")

# The job ends right after its savepoint: report its final state when the cluster is still there.
STATE=""
DEADLINE=$((SECONDS + 30))
while rest_try GET "/jobs/$JOB" && [[ "$HTTP_STATUS" == 200 ]]; do
  STATE=$(printf '%s' "$HTTP_BODY" | json_get state)
  case "$STATE" in FINISHED|CANCELED|FAILED) break ;; esac
  (( SECONDS < DEADLINE )) || break
  sleep 0.5
done
if [[ -z "$STATE" ]]; then
  say "job stopped; the cluster at $FLINK_REST shut down with it (a local run does)"
else
  say "job $JOB is $STATE"
fi
printf '%s\n' "$LOCATION"
