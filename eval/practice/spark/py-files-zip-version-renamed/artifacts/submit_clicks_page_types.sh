#!/bin/sh
# submit script for clicks_page_types (deployed 2026-11-20)
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr18/ev \
  --py-files /tmp/pr18/deps/acme_transforms-1.4.zip \
  /tmp/pr18/spark/s5_clicks_page_types.py
