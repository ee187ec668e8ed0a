#!/usr/bin/env bash
set -euo pipefail
BASE=/tmp/h47-spark/category-path-element-at-zero-index
exec /work/wt-h47/.venv/bin/spark-submit --master 'local[2]' \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir="$BASE/eventlog" \
  "$BASE/catalog_category_rollup.py" "$BASE"
