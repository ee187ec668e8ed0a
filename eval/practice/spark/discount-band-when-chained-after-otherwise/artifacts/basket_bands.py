"""Daily basket banding: tag each basket with a discount band for the loyalty mailer."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.basket_bands")

spark = SparkSession.builder.appName("basket_bands").getOrCreate()
jlog = spark._jvm.org.apache.log4j.LogManager.getLogger("com.acme.etl.BasketBands")
jlog.info("starting basket banding; previous attempt killed_flag=false, retry_count=0")

baskets = spark.createDataFrame(
    [(i, 100 + i % 12, float((i * 37) % 260), i % 41 == 0) for i in range(1, 5001)],
    "basket_id int, store_id int, basket_value double, is_staff boolean",
)
n = baskets.count()
log.info("loaded %s baskets (warning: 0 baskets with timeout flag, skipping none)", n)

# PR #518: staff baskets get their own band -- appended to the existing chain
band = (
    F.when(F.col("basket_value") >= 200, "gold")
    .when(F.col("basket_value") >= 100, "silver")
    .otherwise("none")
    .when(F.col("is_staff"), "staff")
)
banded = baskets.withColumn("discount_band", band)
summary = banded.groupBy("discount_band").count().orderBy("discount_band")
for row in summary.collect():
    log.info("band %s: %s baskets", row["discount_band"], row["count"])
banded.write.mode("overwrite").parquet("/tmp/h44-spark/out/basket_bands")
log.info("done")
spark.stop()
