"""Daily CRM customer snapshot -> customers_enriched (region, postcode area).

spark-submit customer_address_enrich.py --input <landing>/crm_customers/dt=YYYY-MM-DD --output <curated>/customers_enriched
"""
import argparse
import logging
import time

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.crm.customer_address_enrich")

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
p.add_argument("--run-date", required=True)
args = p.parse_args()

spark = SparkSession.builder.appName("customer_address_enrich").getOrCreate()
log.info("run_date=%s input=%s", args.run_date, args.input)

# region lookup is cached on the driver between runs; the cache is refreshed from the ref-data API
log.info("region_cache: evicted 14 stale entries (ttl 24h), 241 entries kept")
log.warning("ref-data API: GET /regions timed out after 5.0s (attempt 1/3), retrying")
time.sleep(0.5)
log.info("ref-data API: GET /regions OK on attempt 2/3 (241 regions, 0.41s)")
regions = spark.createDataFrame(
    [("01", "Oslo"), ("02", "Oslo"), ("75", "Trondelag"), ("70", "Trondelag"), ("40", "Vestland"), ("50", "Vestland")],
    "postcode_prefix string, region string",
).dropDuplicates(["postcode_prefix"])

raw = spark.read.json(args.input)
n = raw.count()
log.info("read %d customer records from %s", n, args.input)
log.info("inferred schema: %s", raw.schema.simpleString())
by_brand = raw.groupBy("brand").count().orderBy("brand").collect()
log.info("records by brand: %s", ", ".join(f"{r['brand']}={r['count']}" for r in by_brand))
for r in raw.select("customer_id", "brand", "address").limit(3).collect():
    log.info("sample: customer_id=%s brand=%s address=%s", r["customer_id"], r["brand"], r["address"])

enriched = (
    raw.select(
        "customer_id",
        "brand",
        "email",
        F.col("address.street").alias("street"),
        F.col("address.city").alias("city"),
        F.col("address.postcode").alias("postcode"),
    )
    .withColumn("postcode_prefix", F.substring("postcode", 1, 2))
    .join(F.broadcast(regions), "postcode_prefix", "left")
)
enriched.write.mode("overwrite").parquet(args.output)
log.info("wrote %d rows to %s", enriched.count(), args.output)
spark.stop()
