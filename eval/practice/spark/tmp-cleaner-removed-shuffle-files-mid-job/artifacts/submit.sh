#!/usr/bin/env bash
# batch host wrapper: scratch goes to the host's /tmp (spark.local.dir), event log on
export PATH=/work/main/.venv/bin:$PATH
exec spark-submit --master 'local[2]' \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h41-events \
  --conf spark.local.dir=/tmp/h41-spark-local \
  --conf spark.sql.shuffle.partitions=8 \
  "$(dirname "$0")/customer_sessions.py" /tmp/h41-spark/sessions_out
