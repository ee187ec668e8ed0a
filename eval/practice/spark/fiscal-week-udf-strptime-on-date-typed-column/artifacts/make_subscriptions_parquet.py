"""Subscriptions snapshot as the CRM sync writes it (parquet; start_date has been a DATE column since the table was created)."""
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.master("local[1]").appName("seed").getOrCreate()
(spark.range(20000)
      .select(F.concat(F.lit("SUB"), F.col("id").cast("string")).alias("subscription_id"),
              F.date_add(F.lit("2025-01-01").cast("date"), (F.col("id") % 700).cast("int")).alias("start_date"),
              F.element_at(F.array(F.lit("basic"), F.lit("plus"), F.lit("pro")), (F.col("id") % 3 + 1).cast("int")).alias("plan"))
      .write.mode("overwrite").parquet("/tmp/h46-spark/in/subscriptions/snapshot=2026-12-06"))
spark.stop()
