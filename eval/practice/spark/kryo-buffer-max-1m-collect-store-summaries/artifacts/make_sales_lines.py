import sys, random
from pyspark.sql import SparkSession, functions as F
d = sys.argv[1]
spark = SparkSession.builder.master("local[2]").appName("seed_sales_lines").getOrCreate()
df = (spark.range(0, 1_200_000)
      .select((F.col("id") % 40).cast("int").alias("store_id"),
              F.lit("2026-12-07").cast("date").alias("sale_date"),
              (F.col("id") + 10_000_000).alias("order_id"),
              (F.rand(3) * 90 + 1).cast("decimal(10,2)").alias("amount")))
df.repartition(4).write.mode("overwrite").parquet(d)
spark.stop(); print("sales lines written to", d)
