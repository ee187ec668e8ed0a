import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s baskets %(message)s")
log = logging.getLogger("baskets")
spark = SparkSession.builder.appName("basket_lines").getOrCreate()
df = spark.read.json(sys.argv[1])
log.info("baskets read: %d (retrying of late partitions disabled)", df.count())
# flatten to one row per sku and one row per promo code
lines = df.select("basket_id", F.explode("skus").alias("sku"), F.explode("promo_codes").alias("promo_code"))
lines.write.mode("overwrite").parquet(sys.argv[2])
log.info("wrote basket lines to %s", sys.argv[2])
spark.stop()
