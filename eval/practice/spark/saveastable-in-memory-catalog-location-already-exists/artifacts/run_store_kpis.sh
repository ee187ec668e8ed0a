#!/usr/bin/env bash
# Cron wrapper on the reporting edge node (copied from the developer's local template, 2026-12-04).
set -euo pipefail
RUN_DATE=${1:?run date}
cd /tmp/h49-spark/kpis
exec ${SPARK_SUBMIT:-spark-submit} --master local[2] \
  --conf spark.sql.catalogImplementation=in-memory \
  --conf spark.sql.warehouse.dir=/tmp/h49-spark/kpis/warehouse \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=${EVENTLOG_DIR:-/tmp/h49-spark/eventlog} \
  store_kpis_daily.py "$RUN_DATE"
