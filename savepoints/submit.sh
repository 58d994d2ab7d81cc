#!/usr/bin/env bash
# Uploads the job jar to a Flink cluster and runs it, optionally from a savepoint.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

usage() {
  cat <<USAGE
Usage: savepoints/submit.sh [options] JAR [job flags...]

Uploads JAR through the REST API of the Flink cluster at \$FLINK_REST (now $FLINK_REST), runs it with
the job flags, waits until every task is running and prints the job id on stdout.

  --savepoint PATH             start from this savepoint or retained checkpoint (as the JobManager
                               sees it, e.g. file:/savepoints/savepoint-1a2b3c-4d5e6f7a8b9c)
  --allow-non-restored-state   accept a savepoint holding state of an operator the new jar no longer
                               has (that state is dropped; see savepoints/README.md)
  --parallelism N              run with parallelism N (passed as --job.parallelism N, which the job
                               reads; the cluster needs N free slots)
  --no-wait                    print the job id as soon as it is submitted
  -h, --help                   this help

Job flags are the job's configuration flags (conf/pipeline.properties), e.g.
  --kafka.bootstrap.servers kafka:19092 --output.dir /data/output
On the docker compose cluster the JobManager's environment already sets the broker, output,
checkpoint and savepoint locations, so  savepoints/submit.sh flink-job/target/flink-job-0.1.0-SNAPSHOT.jar
is enough. The job's main() runs on the JobManager: a configuration error is reported here, its
full message is in the JobManager's log (docker compose logs jobmanager).

This does not work against ./run-local.sh (a one-job local cluster): restart that with ./run-local.sh.

Environment: FLINK_REST (default http://localhost:8081), OPS_TIMEOUT (seconds to wait for the
tasks, default 600).
Exit codes: 0 running, 1 refused or failed, 2 usage error, 3 Flink cannot be reached.
USAGE
}

SAVEPOINT=""
ALLOW_NON_RESTORED=false
PARALLELISM=""
WAIT=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --savepoint) SAVEPOINT=${2:-}; [[ -n "$SAVEPOINT" ]] || usage_error "--savepoint needs a path"; shift ;;
    --allow-non-restored-state) ALLOW_NON_RESTORED=true ;;
    --parallelism) PARALLELISM=${2:-}; [[ "$PARALLELISM" =~ ^[1-9][0-9]*$ ]] || usage_error "--parallelism needs a positive number"; shift ;;
    --no-wait) WAIT=false ;;
    --) shift; break ;;
    -*) usage_error "unknown option '$1'" ;;
    *) break ;;
  esac
  shift
done
[[ $# -ge 1 ]] || usage_error "expected the job jar"
JAR=$1
shift
[[ -f "$JAR" ]] || die "no jar at $JAR (build it: ./mvnw -B package -DskipTests)"
JOB_FLAGS=("$@")
if [[ -n "$PARALLELISM" ]]; then
  JOB_FLAGS+=(--job.parallelism "$PARALLELISM")
fi

if is_local_run; then
  die "$LOCAL_RUN_HINT"
fi

rest GET /overview
if [[ -n "$PARALLELISM" && "$HTTP_STATUS" == 200 ]]; then
  SLOTS=$(printf '%s' "$HTTP_BODY" | json_get slots-total)
  if [[ "$SLOTS" =~ ^[0-9]+$ ]] && (( SLOTS < PARALLELISM )); then
    die "parallelism $PARALLELISM needs $PARALLELISM slots but the cluster has $SLOTS: add TaskManagers first \
(docker compose up -d --scale taskmanager=N; each has taskmanager.numberOfTaskSlots slots)"
  fi
fi

say "uploading $JAR to $FLINK_REST ..."
rest POST /jars/upload -F "jarfile=@$JAR;type=application/x-java-archive"
[[ "$HTTP_STATUS" == 200 ]] || die "the upload failed: $(rest_error)"
UPLOADED=$(printf '%s' "$HTTP_BODY" | json_get filename)
JAR_ID=${UPLOADED##*/}
[[ -n "$JAR_ID" ]] || die "unexpected answer to the upload: ${HTTP_BODY:0:300}"

BODY='{"programArgsList":['
SEP=""
for a in ${JOB_FLAGS[@]+"${JOB_FLAGS[@]}"}; do
  BODY+="$SEP$(json_string "$a")"
  SEP=","
done
BODY+=']'
if [[ -n "$SAVEPOINT" ]]; then
  BODY+=',"savepointPath":'"$(json_string "$SAVEPOINT")"',"allowNonRestoredState":'"$ALLOW_NON_RESTORED"
fi
if [[ -n "$PARALLELISM" ]]; then
  BODY+=',"parallelism":'"$PARALLELISM"
fi
BODY+='}'

if [[ -n "$SAVEPOINT" ]]; then
  say "running the job from $SAVEPOINT ..."
else
  say "running the job ..."
fi
rest POST "/jars/$JAR_ID/run" -H 'Content-Type: application/json' -d "$BODY"
if [[ "$HTTP_STATUS" != 200 ]]; then
  ERROR=$(rest_error)
  rest_try DELETE "/jars/$JAR_ID" || true
  if [[ "$ERROR" == *"attempted to exit JVM"* ]]; then
    ERROR="$ERROR
The job's main() stopped on an error (most often a configuration flag): its message is in the
JobManager's log (docker compose logs jobmanager | grep flink-job)."
  fi
  die "Flink could not run the job: $ERROR"
fi
JOB=$(printf '%s' "$HTTP_BODY" | json_get jobid)
[[ -n "$JOB" ]] || die "unexpected answer to the run request: ${HTTP_BODY:0:300}"

# keep only the newest upload of this jar in the web UI's list
if rest_try GET /jars && [[ "$HTTP_STATUS" == 200 ]]; then
  NAME=${JAR_ID#*_}
  for other in $(printf '%s' "$HTTP_BODY" | tr ',' '\n' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'); do
    if [[ "$other" != "$JAR_ID" && "${other#*_}" == "$NAME" ]]; then
      rest_try DELETE "/jars/$other" || true
    fi
  done
fi

if [[ "$WAIT" == true ]]; then
  say "job $JOB submitted; waiting for its tasks to run..."
  DEADLINE=$((SECONDS + OPS_TIMEOUT))
  while true; do
    rest GET "/jobs/$JOB"
    STATE=$(printf '%s' "$HTTP_BODY" | json_get state)
    case "$STATE" in
      FAILED|CANCELED|FINISHED)
        rest_try GET "/jobs/$JOB/exceptions" || true
        CAUSE=$(printf '%s' "$HTTP_BODY" | json_get root-exception | summarize_trace)
        die "job $JOB is $STATE${CAUSE:+: $CAUSE}" ;;
    esac
    if [[ "$STATE" == RUNNING ]]; then
      # task counts per state, e.g. {"CREATED":0,"RUNNING":21,...}: done when none is still on its way
      TASKS=$(printf '%s' "$HTTP_BODY" | tr -d ' \n' | grep -o '"status-counts":{[^}]*}' || true)
      if [[ -n "$TASKS" ]] && ! printf '%s' "$TASKS" | grep -q '"\(CREATED\|SCHEDULED\|DEPLOYING\|INITIALIZING\|RECONCILING\)":[1-9]'; then
        break
      fi
    fi
    (( SECONDS < DEADLINE )) || die "job $JOB is not running after ${OPS_TIMEOUT}s (state ${STATE:-unknown}, tasks ${TASKS:-?}): \
are there enough free slots? ./jobs.sh, and the web UI at $FLINK_REST"
    sleep 1
  done
  say "job $JOB is running"
fi
printf '%s\n' "$JOB"
