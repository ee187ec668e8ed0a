spark-submit --master local[2] --conf spark.ui.enabled=false \
  --conf spark.sql.sources.partitionOverwriteMode=dinamic \
  daily_sales_partitions.py
