# Shared helpers of the operations scripts in this folder (sourced, not run).
#
# Environment:
#   FLINK_REST       REST address of the JobManager (default http://localhost:8081)
#   OPS_JSON_TOOL    jq | python3 | sed: how JSON answers are read (default: jq if installed, else
#                    python3, else a plain sed reader good enough for Flink's answers)
#   OPS_TIMEOUT      seconds to wait for a savepoint, a stop or a job start (default 600)
#
# Exit codes of every script: 0 done, 1 failed (unknown job, savepoint or job failure),
# 2 usage error, 3 Flink cannot be reached.

FLINK_REST=${FLINK_REST:-http://localhost:8081}
FLINK_REST=${FLINK_REST%/}
OPS_TIMEOUT=${OPS_TIMEOUT:-600}
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OPS_ROOT=$(cd "$OPS_DIR/.." && pwd)
SCRIPT=$(basename "$0")

say() { printf '[%s] %s\n' "$SCRIPT" "$*" >&2; }
die() { printf '%s: %s\n' "$SCRIPT" "$*" >&2; exit 1; }
usage_error() { printf '%s: %s (see %s --help)\n' "$SCRIPT" "$*" "$SCRIPT" >&2; exit 2; }
unreachable() {
  printf '%s: cannot reach Flink at %s (is the cluster up? docker compose up -d, or ./run-local.sh; or set FLINK_REST)\n' \
    "$SCRIPT" "$FLINK_REST" >&2
  exit 3
}

command -v curl >/dev/null 2>&1 || die "curl is needed"

if [[ -z "${OPS_JSON_TOOL:-}" ]]; then
  if command -v jq >/dev/null 2>&1; then OPS_JSON_TOOL=jq
  elif command -v python3 >/dev/null 2>&1; then OPS_JSON_TOOL=python3
  else OPS_JSON_TOOL=sed
  fi
fi
case "$OPS_JSON_TOOL" in
  jq|python3|sed) ;;
  *) usage_error "OPS_JSON_TOOL must be jq, python3 or sed, not '$OPS_JSON_TOOL'" ;;
esac

# ------------------------------------------------------------------------------------------ JSON
# json_get PATH < json: the value at a dotted path (errors.0, operation.location, request-id);
# strings as they are, other values as JSON; nothing when the path does not exist.
json_get() {
  case "$OPS_JSON_TOOL" in
    jq)
      jq -r --arg p "$1" 'getpath($p | split(".") | map(if test("^[0-9]+$") then tonumber else . end))
        | if . == null then empty elif type == "string" then . else tojson end' 2>/dev/null || true ;;
    python3)
      python3 -c '
import json, sys
try:
    v = json.load(sys.stdin)
    for part in sys.argv[1].split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
except Exception:
    sys.exit(0)
if v is not None:
    print(v if isinstance(v, str) else json.dumps(v))
' "$1" ;;
    sed)
      # Good enough for Flink's answers: the first "key":value with the last segment of the path.
      local key=${1##*.} body
      body=$(tr -d '\n')
      if [[ "$key" =~ ^[0-9]+$ ]]; then
        key=${1%.*}; key=${key##*.}
        printf '%s' "$body" | sed -n "s/.*\"$key\":\\[\"\\([^\"]*\\)\".*/\\1/p" | sed 's/\\n/\n/g; s/\\t/\t/g'
      else
        printf '%s' "$body" | sed -n "s/.*\"$key\":\"\\([^\"]*\\)\".*/\\1/p; t; s/.*\"$key\":\\([^,}\"]*\\).*/\\1/p" \
          | sed 's/\\n/\n/g; s/\\t/\t/g'
      fi ;;
  esac
}

# json_jobs < /jobs/overview: one line per job: id, state, start time (epoch ms), name (tab-separated).
json_jobs() {
  case "$OPS_JSON_TOOL" in
    jq) jq -r '.jobs[] | [.jid, .state, (."start-time" | tostring), .name] | @tsv' ;;
    python3)
      python3 -c '
import json, sys
for j in json.load(sys.stdin).get("jobs", []):
    print("\t".join([j["jid"], j["state"], str(j.get("start-time", -1)), j.get("name", "")]))
' ;;
    sed)
      tr -d '\n' | grep -o '{"jid":"[0-9a-f]*","name":"[^"]*","start-time":-\{0,1\}[0-9]*,[^{]*"state":"[A-Z_]*"' \
        | sed 's/{"jid":"\([0-9a-f]*\)","name":"\([^"]*\)","start-time":\(-\{0,1\}[0-9]*\),.*"state":"\([A-Z_]*\)"/\1\t\4\t\3\t\2/' ;;
  esac
}

# json_config_value KEY < /jobmanager/config: the value of one cluster configuration key.
json_config_value() {
  case "$OPS_JSON_TOOL" in
    jq) jq -r --arg k "$1" '.[] | select(.key == $k) | .value' ;;
    python3)
      python3 -c '
import json, sys
for e in json.load(sys.stdin):
    if e.get("key") == sys.argv[1]:
        print(e.get("value", ""))
' "$1" ;;
    sed) tr -d '\n' | grep -o "\"key\":\"$1\",\"value\":\"[^\"]*\"" | sed 's/.*"value":"\([^"]*\)"/\1/' ;;
  esac
}

# json_string VALUE: VALUE as a JSON string literal.
json_string() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}; s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

# ------------------------------------------------------------------------------------------ REST
# rest METHOD PATH [curl args...]: sets HTTP_STATUS and HTTP_BODY; exits 3 when Flink cannot be reached.
# rest_try: the same, but returns 1 instead of exiting when Flink cannot be reached.
rest_try() {
  local method=$1 path=$2 out rc=0
  shift 2
  out=$(mktemp "${TMPDIR:-/tmp}/flink-ops.XXXXXX")
  HTTP_STATUS=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" --connect-timeout 5 --max-time "${OPS_HTTP_TIMEOUT:-300}" \
    "$@" "$FLINK_REST$path" 2>/dev/null) || rc=$?
  HTTP_BODY=$(cat "$out" 2>/dev/null || true)
  rm -f "$out"
  if (( rc != 0 )) || [[ -z "$HTTP_STATUS" || "$HTTP_STATUS" == 000 ]]; then
    return 1
  fi
  return 0
}
rest() {
  rest_try "$@" || unreachable
}

# summarize_trace < stack trace: its first line and its root cause, without the "at ..." lines.
summarize_trace() {
  grep -v '^[[:space:]]*at \|^[[:space:]]*\.\.\. [0-9]* more\|^[[:space:]]*$' \
    | awk 'NR == 1 { first = $0 } /^Caused by: / { last = $0 } END { if (first != "") print first; if (last != "") print last }'
}

# What Flink says went wrong: its errors hold whole stack traces; this keeps the first line and the root cause.
rest_error() {
  local msg
  msg=$(printf '%s' "$HTTP_BODY" | json_get errors.0 | summarize_trace)
  printf '%s' "${msg:-HTTP $HTTP_STATUS ${HTTP_BODY:0:300}}"
}

# check_job_id ID: a usage error unless ID looks like a Flink job id.
check_job_id() {
  [[ "$1" =~ ^[0-9a-fA-F]{32}$ ]] || usage_error "'$1' is not a job id (32 hex characters; ./jobs.sh lists the jobs)"
}

# job_state ID: the job's state (RUNNING, FINISHED, ...); exits 1 when Flink does not know the job.
job_state() {
  rest GET "/jobs/$1"
  if [[ "$HTTP_STATUS" == 404 ]]; then
    die "job $1 not found at $FLINK_REST (./jobs.sh lists the jobs)"
  elif [[ "$HTTP_STATUS" != 200 ]]; then
    die "cannot read job $1: $(rest_error)"
  fi
  printf '%s' "$HTTP_BODY" | json_get state
}

# require_running ID: exits 1 unless the job exists and is RUNNING.
require_running() {
  local state
  state=$(job_state "$1")
  [[ "$state" == RUNNING ]] || die "job $1 is $state, not RUNNING"
}

# is_local_run: true when FLINK_REST is the one-job cluster of ./run-local.sh (execution.target local).
is_local_run() {
  rest GET /jobmanager/config
  [[ "$HTTP_STATUS" == 200 ]] && [[ "$(printf '%s' "$HTTP_BODY" | json_config_value execution.target)" == local ]]
}

LOCAL_RUN_HINT="$FLINK_REST is the local run of ./run-local.sh: a cluster that exists for one job and stops with it, \
so nothing can be submitted to it. Stop the job (./stop.sh JOB_ID, or Ctrl+C in run-local.sh), then start it again \
with ./run-local.sh: it resumes from the newest savepoint in ./savepoints (--fresh starts over)."

# target_dir DIR: a savepoint directory as a URI Flink accepts (relative local paths made absolute).
target_dir() {
  local d=$1
  if [[ "$d" == *://* || "$d" == /* ]]; then
    printf '%s' "$d"
  else
    printf '%s/%s' "$(pwd)" "${d#./}"
  fi
}

# wait_for_operation JOB_ID TRIGGER_ID WHAT: polls a savepoint or stop operation until it completes;
# prints the savepoint location. A cluster that goes away right after a stop (the local run) is reported.
wait_for_operation() {
  local job=$1 trigger=$2 what=$3 deadline=$((SECONDS + OPS_TIMEOUT)) status failure
  while true; do
    if ! rest_try GET "/jobs/$job/savepoints/$trigger"; then
      die "Flink at $FLINK_REST went away before reporting the $what (a local run shuts down when its job stops): \
look for the newest savepoint-${job:0:6}-* folder in the savepoint directory"
    fi
    if [[ "$HTTP_STATUS" != 200 ]]; then
      die "cannot follow the $what: $(rest_error)"
    fi
    status=$(printf '%s' "$HTTP_BODY" | json_get status.id)
    if [[ "$status" == COMPLETED ]]; then
      failure=$(printf '%s' "$HTTP_BODY" | json_get operation.failure-cause.stack-trace | summarize_trace)
      if [[ -n "$failure" ]]; then
        die "the $what failed: $failure"
      fi
      printf '%s' "$HTTP_BODY" | json_get operation.location
      return 0
    fi
    (( SECONDS < deadline )) || die "the $what did not complete within ${OPS_TIMEOUT}s (status: ${status:-unknown}; OPS_TIMEOUT raises the limit)"
    sleep 1
  done
}
