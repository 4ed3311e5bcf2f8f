#!/usr/bin/env bash
# Spark GPU discovery script (spark.worker.resource.gpu.discoveryScript or
# spark.executor.resource.gpu.discoveryScript): prints the GPUs this host offers as
#   {"name":"gpu","addresses":["0","1"]}
# from nvidia-smi's device indices. With no nvidia-smi or no GPU it prints an empty list, so a
# worker without GPUs offers none instead of failing to start.
set -euo pipefail
if command -v nvidia-smi >/dev/null 2>&1; then
  ids=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | grep -E '^[0-9]+$' || true)
else
  ids=""
fi
addresses=""
for id in $ids; do
  addresses="${addresses:+$addresses,}\"$id\""
done
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
