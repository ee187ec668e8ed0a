#!/bin/sh
# nightly dim_price_list build; conf block taken over from the "Spark 3 migration checklist" page (2026-12-07)
exec /work/main/.venv/bin/spark-submit --master local[2] \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir=file:///tmp/h57-spark/events \
  --conf spark.sql.session.timeZone=UTC \
  --conf spark.sql.parquet.datetimeRebaseModeInWrite=EXCEPTION \
  --conf spark.sql.parquet.int96RebaseModeInWrite=EXCEPTION \
  dim_price_list.py "$@"
