import json, logging, os, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s catalog.attributes %(message)s")
log = logging.getLogger("catalog.attributes")
src = sys.argv[1]
spark = SparkSession.builder.appName("product_attributes_daily").getOrCreate()
log.info("reading catalog export %s", src)
df = spark.read.json(src)
log.info("schema: %s", df.schema.simpleString())
log.info("products in export: %d", df.count())
out = df.select("sku", F.map_from_arrays("attr_keys", "attr_values").alias("attributes"))
rows = out.collect()
log.info("built attribute maps for %d products", len(rows))
spark.stop()
