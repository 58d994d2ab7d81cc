#!/usr/bin/env bash
# Triggers a savepoint of a running job, waits for it and prints its location. The job keeps running.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

usage() {
  cat <<USAGE
Usage: savepoints/savepoint.sh JOB_ID [DIR]

Takes a savepoint of the running job JOB_ID (./jobs.sh lists them), waits until it is complete and
prints its location on stdout. The job keeps running (./stop.sh stops it with a savepoint).

  DIR          where the savepoint goes, as the JobManager sees it (default: the job's savepoint
               directory: ./savepoints for ./run-local.sh, /savepoints = ./savepoints on the
               docker compose cluster). A relative path is made absolute from the current directory.
  -h, --help   this help

Environment: FLINK_REST (default http://localhost:8081), OPS_TIMEOUT (seconds, default 600).
Exit codes: 0 done, 1 unknown job or savepoint failed, 2 usage error, 3 Flink cannot be reached.
USAGE
}

ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -*) usage_error "unknown option '$1'" ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done
[[ ${#ARGS[@]} -ge 1 && ${#ARGS[@]} -le 2 ]] || usage_error "expected JOB_ID [DIR]"
JOB=${ARGS[0]}
check_job_id "$JOB"
require_running "$JOB"

BODY='{"cancel-job":false,"formatType":"CANONICAL"'
if [[ ${#ARGS[@]} -eq 2 ]]; then
  BODY+=',"target-directory":'"$(json_string "$(target_dir "${ARGS[1]}")")"
fi
BODY+='}'

rest POST "/jobs/$JOB/savepoints" -H 'Content-Type: application/json' -d "$BODY"
[[ "$HTTP_STATUS" == 202 || "$HTTP_STATUS" == 200 ]] || die "Flink refused the savepoint: $(rest_error)"
TRIGGER=$(printf '%s' "$HTTP_BODY" | json_get request-id)
[[ -n "$TRIGGER" ]] || die "unexpected answer from Flink: ${HTTP_BODY:0:300}"
say "savepoint of job $JOB triggered; waiting for it..."
LOCATION=$(wait_for_operation "$JOB" "$TRIGGER" savepoint)
say "savepoint complete; the job keeps running"
printf '%s\n' "$LOCATION"
