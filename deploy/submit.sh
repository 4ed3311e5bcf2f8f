#!/usr/bin/env bash
# Submits one sparktune command to a Spark cluster with spark-submit.
#
#   deploy/submit.sh <command> [sparktune options...]
#   deploy/submit.sh prepare --conf conf/cluster.conf
#   GPU=1 deploy/submit.sh train --conf conf/cluster.conf --set train.workers=8
#
# Environment:
#   SPARK_HOME     a Spark 3.5.x (Scala 2.12) distribution (required)
#   MASTER         spark://host:7077, k8s://https://host:443 or yarn (default: spark://127.0.0.1:7077)
#   DEPLOY_MODE    client (default) or cluster
#   SPARKTUNE_JAR  the jar from `mvn -DskipTests package` (default: jobs/target/sparktune-jobs-*-spark.jar)
#   GPU=1          one GPU per executor and per task, found by deploy/gpu-discovery.sh on each node
#   CUDA_NATIVE_JAR  DJL's CUDA PyTorch native jar for the executors, with a jar from `mvn -Pgpu package`
#                  (default with GPU=1: jobs/target/natives/pytorch-native-cu*.jar; a local:/path URI
#                  names a copy already on every node, which Spark then does not ship)
#   EXECUTOR_MEMORY, EXECUTOR_MEMORY_OVERHEAD, EXECUTOR_CORES   executor sizing (defaults 8g, 4g, 4)
#   DRIVER_MEMORY  driver heap (default: spark-submit's, 1g)
#   SPARK_LOCAL_IP the address the driver binds (executors take theirs from their worker)
set -euo pipefail

[[ $# -ge 1 ]] || { sed -n '2,21p' "$0" >&2; exit 2; }
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 distribution}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${SPARKTUNE_JAR:-$(ls "$ROOT"/jobs/target/sparktune-jobs-*-spark.jar 2>/dev/null | head -n 1)}"
[[ -f "$JAR" ]] || { echo "submit.sh: no sparktune jar; run 'mvn -DskipTests package' or set SPARKTUNE_JAR" >&2; exit 2; }

# DJL must never reach the network (model zoo, usage tracking) on the driver or any executor.
DJL_OPTS="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads=${EXECUTOR_CORES:-4}"
export OPT_OUT_TRACKING=true

ARGS=(
  --master "${MASTER:-spark://127.0.0.1:7077}"
  --deploy-mode "${DEPLOY_MODE:-client}"
  --name "sparktune-$1"
  --class sparktune.cli.Cli
  --driver-java-options "$DJL_OPTS"
  --conf "spark.executor.extraJavaOptions=$DJL_OPTS"
  --conf spark.executorEnv.OPT_OUT_TRACKING=true
  --conf spark.plugins=sparktune.natives.TorchNativesPlugin
  --conf spark.yarn.appMasterEnv.OPT_OUT_TRACKING=true
  --conf spark.kubernetes.driverEnv.OPT_OUT_TRACKING=true
  --conf "spark.executor.memory=${EXECUTOR_MEMORY:-8g}"
  --conf "spark.executor.memoryOverhead=${EXECUTOR_MEMORY_OVERHEAD:-4g}"
  --conf "spark.executor.cores=${EXECUTOR_CORES:-4}"
)
[[ -z "${DRIVER_MEMORY:-}" ]] || ARGS+=(--driver-memory "$DRIVER_MEMORY")
if [[ "${GPU:-0}" == "1" ]]; then
  ARGS+=(
    --conf spark.executor.resource.gpu.amount=1
    --conf spark.task.resource.gpu.amount=1
    --conf "spark.task.cpus=${EXECUTOR_CORES:-4}"
    --conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY_SCRIPT:-$ROOT/deploy/gpu-discovery.sh}"
  )
  CUDA_NATIVE_JAR="${CUDA_NATIVE_JAR:-$(ls "$ROOT"/jobs/target/natives/pytorch-native-cu*.jar 2>/dev/null | head -n 1)}"
fi
if [[ -n "${CUDA_NATIVE_JAR:-}" ]]; then
  [[ "$CUDA_NATIVE_JAR" == local:* || -f "$CUDA_NATIVE_JAR" ]] \
    || { echo "submit.sh: CUDA_NATIVE_JAR=$CUDA_NATIVE_JAR is not a file; expected DJL's pytorch-native-cu*.jar from 'mvn -Pgpu package' (jobs/target/natives/)" >&2; exit 2; }
  ARGS+=(--jars "$CUDA_NATIVE_JAR")
fi

exec "$SPARK_HOME/bin/spark-submit" "${ARGS[@]}" "$JAR" "$@"
