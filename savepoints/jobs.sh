#!/usr/bin/env bash
# Lists the jobs of a Flink cluster with their state.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

usage() {
  cat <<USAGE
Usage: savepoints/jobs.sh [--running]

Lists the jobs Flink knows at \$FLINK_REST (now $FLINK_REST): id, state, start time and name,
running jobs first.

  --running    only the jobs that are RUNNING (ids only, one per line: for scripts)
  -h, --help   this help

Environment: FLINK_REST (default http://localhost:8081), OPS_JSON_TOOL (jq, python3 or sed).
Exit codes: 0 done, 2 usage error, 3 Flink cannot be reached.
USAGE
}

RUNNING_ONLY=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --running) RUNNING_ONLY=true ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
  shift
done

rest GET /jobs/overview
[[ "$HTTP_STATUS" == 200 ]] || die "cannot list the jobs: $(rest_error)"
LINES=$(printf '%s' "$HTTP_BODY" | json_jobs | sort -t $'\t' -k2,2 -k3,3r | awk -F'\t' '{ print ($2 == "RUNNING" ? 0 : 1) "\t" $0 }' | sort -s -t $'\t' -k1,1 | cut -f2-)

if [[ "$RUNNING_ONLY" == true ]]; then
  printf '%s\n' "$LINES" | awk -F'\t' '$2 == "RUNNING" { print $1 }'
  exit 0
fi
if [[ -z "$LINES" ]]; then
  say "no jobs at $FLINK_REST"
  exit 0
fi
fmt_time() {
  local s=$(( $1 / 1000 ))
  (( $1 > 0 )) || { printf -- '-'; return; }
  date -d "@$s" '+%Y-%m-%d %H:%M:%S' 2>/dev/null || date -r "$s" '+%Y-%m-%d %H:%M:%S' 2>/dev/null || printf '%s' "$1"
}
printf '%-32s  %-11s  %-19s  %s\n' JOB_ID STATE STARTED NAME
while IFS=$'\t' read -r id state start name; do
  [[ -n "$id" ]] || continue
  printf '%-32s  %-11s  %-19s  %s\n' "$id" "$state" "$(fmt_time "$start")" "$name"
done <<< "$LINES"
