#!/usr/bin/env bash
# Prints the newest retained checkpoint (a chk-N folder with its _metadata), to resume from.
set -euo pipefail
OPS_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$OPS_DIR/.." && pwd)
SCRIPT=$(basename "$0")

usage() {
  cat <<USAGE
Usage: savepoints/latest-checkpoint.sh [--job JOB_ID] [CHECKPOINT_DIR]

Prints the newest complete retained checkpoint under CHECKPOINT_DIR: a folder
CHECKPOINT_DIR/<job id>/chk-<n> that holds a _metadata file. Checkpoints are retained when a job is
cancelled or fails (RETAIN_ON_CANCELLATION), so after a crash this is where to resume from:
  savepoints/resume.sh JAR "\$(savepoints/latest-checkpoint.sh)"

  CHECKPOINT_DIR   default: ./.local/checkpoints (the local run's checkpoint.dir). On the docker compose
                   cluster the checkpoints are on the flink-data volume; run the script there:
                     docker compose exec jobmanager bash /savepoints/latest-checkpoint.sh /flink-data/checkpoints
  --job JOB_ID     only the checkpoints of this job
  -h, --help       this help

Exit codes: 0 found, 1 none found, 2 usage error.
USAGE
}

DIR=""
JOB=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --job) JOB=${2:-}; shift
      [[ "$JOB" =~ ^[0-9a-fA-F]{32}$ ]] || { echo "$SCRIPT: '$JOB' is not a job id (32 hex characters) (see $SCRIPT --help)" >&2; exit 2; } ;;
    -*) echo "$SCRIPT: unknown option '$1' (see $SCRIPT --help)" >&2; exit 2 ;;
    *) [[ -z "$DIR" ]] || { echo "$SCRIPT: only one CHECKPOINT_DIR (see $SCRIPT --help)" >&2; exit 2; }
       DIR=$1 ;;
  esac
  shift
done
DIR=${DIR:-$ROOT/.local/checkpoints}
DIR=${DIR#file://}
DIR=${DIR#file:}
[[ "$DIR" != *://* ]] || { echo "$SCRIPT: only local paths are searched, not $DIR" >&2; exit 2; }
[[ -d "$DIR" ]] || { echo "$SCRIPT: no checkpoint directory at $DIR" >&2; exit 1; }
DIR=$(cd "$DIR" && pwd)

shopt -s nullglob
if [[ -n "$JOB" ]]; then
  CANDIDATES=("$DIR/$JOB"/chk-*)
else
  # CHECKPOINT_DIR/<job id>/chk-N, or a job's own folder given directly
  CANDIDATES=("$DIR"/*/chk-* "$DIR"/chk-*)
fi
BEST=""
for c in "${CANDIDATES[@]}"; do
  [[ -f "$c/_metadata" ]] || continue
  if [[ -z "$BEST" || "$c/_metadata" -nt "$BEST/_metadata" ]]; then
    BEST=$c
  elif [[ ! "$BEST/_metadata" -nt "$c/_metadata" && "${c%/chk-*}" == "${BEST%/chk-*}" && "${c##*/chk-}" -gt "${BEST##*/chk-}" ]]; then
    BEST=$c   # same modification time: the higher checkpoint number of the same job
  fi
done
if [[ -z "$BEST" ]]; then
  echo "$SCRIPT: no complete checkpoint (chk-N/_metadata) under $DIR${JOB:+ for job $JOB}" >&2
  exit 1
fi
printf '%s\n' "$BEST"
