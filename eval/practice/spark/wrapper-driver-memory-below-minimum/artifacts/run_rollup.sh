#!/bin/sh
# nightly wrapper for clicks_daily_rollup.py (edited 2026-12-04: "trim driver memory, job is tiny")
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr21/ev \
  --driver-memory 256m \
  /tmp/pr21/spark/jobs/clicks_daily_rollup.py
