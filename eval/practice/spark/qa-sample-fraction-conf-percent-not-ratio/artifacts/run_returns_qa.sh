#!/usr/bin/env bash
set -euo pipefail
BASE=/tmp/h47-spark/qa-sample-fraction-conf-percent-not-ratio
exec /work/wt-h47/.venv/bin/spark-submit --master 'local[2]' \
  --properties-file "$BASE/returns_qa.conf" \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir="$BASE/eventlog" \
  --driver-java-options "-Xlog:gc:stderr" \
  "$BASE/returns_qa_extract.py" "$BASE"
