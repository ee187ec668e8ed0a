spark-submit --master local[2] --conf spark.ui.enabled=false \
  --conf spark.sql.sources.partitionOverwriteMode=dinamic \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr30-events --conf spark.eventLog.rolling.enabled=true \
  daily_revenue_partitions.py /tmp/pr30-out/daily_revenue
