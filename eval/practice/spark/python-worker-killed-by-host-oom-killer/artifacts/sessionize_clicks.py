import logging, sys, time
from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s clicks.sessionize %(message)s")
log = logging.getLogger("clicks.sessionize")
spark = SparkSession.builder.appName("sessionize_clicks").getOrCreate()
sc = spark.sparkContext


def score(part):
    for x in part:
        time.sleep(0.05)  # per-click enrichment
        yield (x % 97, 1)


log.info("sessionizing 4000 clicks in 4 partitions (evicted 0 stale sessions)")
rdd = sc.parallelize(range(4000), 4).mapPartitions(score)
counts = rdd.reduceByKey(lambda a, b: a + b).collect()
log.info("buckets: %d", len(counts))
spark.stop()
