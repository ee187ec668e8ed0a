spark-submit --master local[2] --conf spark.ui.enabled=false \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr32-events --conf spark.eventLog.rolling.enabled=true \
  --conf spark.sql.sources.partitionOverwriteMode=dynamc \
  orders_partitioned.py
