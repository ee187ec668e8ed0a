#!/usr/bin/env bash
# Launcher for batch jobs of job class "small" (template from the scheduler agent's job classes).
set -euo pipefail
JOB_CLASS=small
ulimit -n 512        # job class small: nofile=512 (was inherited from the agent, 65536, before the template change)
echo "[launcher] job=store_basket_rollup class=${JOB_CLASS} nofile=$(ulimit -n)"
exec spark-submit --master local[2] \
  --conf spark.local.dir=/tmp/h48-spark/local \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h48-spark/events \
  store_basket_rollup.py
