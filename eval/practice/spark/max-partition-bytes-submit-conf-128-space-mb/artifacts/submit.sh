#!/bin/sh
# weekly web orders, submitted by the scheduler host (ECOM-231: bigger input splits for the CSV scan)
exec spark-submit --master 'local[2]' \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir=/tmp/h54-spark/eventlog \
  --conf spark.eventLog.rolling.enabled=true \
  --conf spark.sql.shuffle.partitions=8 \
  --conf "spark.sql.files.maxPartitionBytes=128 MB" \
  weekly_web_orders.py
