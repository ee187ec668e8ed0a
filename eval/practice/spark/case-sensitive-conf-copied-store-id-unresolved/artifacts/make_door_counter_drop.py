"""Upstream stand-in: the door-counter vendor's parquet drop (column names as always: Store_ID, counted_at, visitors)."""
import sys
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
(spark.range(0, 20000)
 .select((F.col("id") % 120).cast("int").alias("Store_ID"),
         F.expr("timestamp'2026-12-06 08:00:00' + make_interval(0,0,0,0,0, cast(id % 600 as int), 0)").alias("counted_at"),
         (F.col("id") % 13).cast("int").alias("visitors"))
 .write.mode("overwrite").parquet(sys.argv[1]))
