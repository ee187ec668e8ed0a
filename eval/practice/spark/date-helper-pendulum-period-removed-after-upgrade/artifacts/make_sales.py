"""Input maker: daily till sales partitions for the week 2026-11-30 .. 2026-12-06."""
import random
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("make_sales").getOrCreate()
random.seed(45)
for day in range(7):
    d = f"2026-{'11-30' if day == 0 else f'12-0{day}'}"
    rows = [(f"S{random.randint(1, 30):03d}", round(random.uniform(3, 180), 2)) for _ in range(2000)]
    spark.createDataFrame(rows, "store_id string, amount double").coalesce(1).write.mode("overwrite").parquet(f"/tmp/h45-spark/sales/dt={d}")
spark.stop()
