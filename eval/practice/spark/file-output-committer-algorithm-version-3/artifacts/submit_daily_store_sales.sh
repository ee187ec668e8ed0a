#!/bin/sh
# production submit wrapper (committer tuning added 2026-12-05 "for faster commits")
exec /work/main/.venv/bin/spark-submit --master local[2] \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h40-events \
  --conf spark.sql.shuffle.partitions=8 \
  --conf spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version=3 \
  /tmp/h40-spark/jobs/daily_store_sales.py
