"""Converts the day's orders to EUR using the daily FX rates (acme finance mart).
2026-12-05: simplified the rates join (PR #4127)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.finance.orders_fx")
RUN_DATE = "2026-12-06"
ORDERS = f"/tmp/pr18/spark/data/fx/orders/orders_{RUN_DATE}.csv"
RATES = "/tmp/pr18/spark/data/fx/rates/fx_rates.csv"
OUTPUT = f"/tmp/pr18/spark/out/orders_eur/dt={RUN_DATE}"

spark = SparkSession.builder.appName("orders_fx_enrich").getOrCreate()
log.info("rates cache: 12 entries evicted (lru)")
orders = spark.read.option("header", True).option("inferSchema", True).csv(ORDERS)
rates = spark.read.option("header", True).option("inferSchema", True).csv(RATES)
n_orders = orders.count()
log.info("orders %s: %d rows; rates %s: %d rows (%d days)", ORDERS, n_orders, RATES, rates.count(),
         rates.select("rate_date").distinct().count())
enriched = (orders.alias("o")
            .join(rates.alias("r"), on=["currency"], how="left")
            .withColumn("amount_eur", F.round(F.col("amount") * F.col("rate_to_eur"), 2)))
n_enriched = enriched.count()
log.info("enriched rows: %d", n_enriched)
if n_enriched != n_orders:
    raise AssertionError(f"row-count guard: enriched rows {n_enriched} != orders {n_orders} for {RUN_DATE}")
enriched.write.mode("overwrite").parquet(OUTPUT)
log.info("wrote %s error_count=0", OUTPUT)
spark.stop()
