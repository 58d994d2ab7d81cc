#!/usr/bin/env bash
# Entrypoint of the Flink containers of docker-compose.yml.
#
# The official image's /docker-entrypoint.sh rewrites $FLINK_HOME/conf/config.yaml at every start (it
# sets jobmanager.rpc.address from JOB_MANAGER_RPC_ADDRESS, the blob and query ports, and FLINK_PROPERTIES),
# so conf/flink/config.yaml cannot be mounted there read-only: it is mounted at
# /opt/streamlab/conf/config.yaml and copied in place here, then the image's entrypoint runs as usual
# (jobmanager, taskmanager, or any command such as `flink run`).
set -euo pipefail
SOURCE=/opt/streamlab/conf/config.yaml
if [[ ! -f "$SOURCE" ]]; then
  echo "entrypoint: $SOURCE is missing (docker-compose.yml mounts conf/flink/config.yaml there)" >&2
  exit 1
fi
cp "$SOURCE" "$FLINK_HOME/conf/config.yaml"
exec /docker-entrypoint.sh "$@"
