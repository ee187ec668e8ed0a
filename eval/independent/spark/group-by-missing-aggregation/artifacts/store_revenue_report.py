"""Daily store revenue report: aggregates settled sales per store and region."""
import logging
import sys
import time

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_revenue")

spark = SparkSession.builder.appName("store_revenue_report").getOrCreate()
log.info("run_date=2026-12-06 starting; stale cache entries evicted: 3, error_count=0")

rows = []
regions = ["north", "south", "east", "west"]
for i in range(4000):
    store = 100 + (i % 40)
    rows.append((i, store, regions[store % 4], float(10 + (i * 7) % 90), "SETTLED" if i % 13 else "VOID"))
sales = spark.createDataFrame(rows, "sale_id int, store_id int, region string, revenue double, status string")
sales = sales.filter(F.col("status") == "SETTLED")
sales.createOrReplaceTempView("sales")
log.info("loaded %d settled sales rows; killed_flag=false", sales.count())
log.info("metastore ping timed out after 5s, retried OK")
time.sleep(1)

report = spark.sql("""
    SELECT store_id,
           region,
           SUM(revenue)  AS revenue,
           COUNT(*)      AS sales
    FROM sales
    GROUP BY store_id
    ORDER BY revenue DESC
""")
report.write.mode("overwrite").parquet("/tmp/ind10/spark/out/store_revenue")
log.info("wrote store revenue report")
spark.stop()
