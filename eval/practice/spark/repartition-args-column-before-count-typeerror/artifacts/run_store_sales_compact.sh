#!/usr/bin/env bash
set -euo pipefail
BASE=/tmp/h47-spark/repartition-args-column-before-count-typeerror
exec /work/wt-h47/.venv/bin/spark-submit --master 'local[2]' \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir="$BASE/eventlog" \
  "$BASE/store_sales_compact.py" "$BASE"
