"""Upstream stand-in: the order service lands the day's order items."""
import random
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("land_order_items").getOrCreate()
random.seed(28)
rows = [(700000 + i // 3, random.randint(1, 5000), f"SKU-{random.randint(1, 4000):05d}", random.randint(1, 4), round(random.uniform(1, 90), 2)) for i in range(30000)]
spark.createDataFrame(rows, "order_id long, customer_id int, sku string, quantity int, unit_price double") \
    .write.mode("overwrite").parquet("/tmp/pr27/spark_data/order_items/dt=2026-12-06")
spark.stop()
