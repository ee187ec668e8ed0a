"""Upstream stand-in: the POS collector lands the day's lines (int quantity, int unit_price_cents)."""
import random
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("land_pos_lines").getOrCreate()
random.seed(27)
rows = []
for i in range(60000):
    rows.append((i + 1, 100 + random.randint(0, 23), f"SKU-{random.randint(1, 4000):05d}", random.randint(1, 6), random.randint(99, 8999)))
# store 117, till 4: the scanner's quantity key stuck, the line was sent as 99,999,999 units
rows[41277] = (41278, 117, "SKU-02231", 99999999, 2499)
spark.createDataFrame(rows, "line_id int, store_id int, sku string, quantity int, unit_price_cents int") \
    .repartition(4).write.mode("overwrite").parquet("/tmp/pr27/spark_data/pos_lines/dt=2026-12-06")
spark.stop()
