"""Daily click rollup: reads the producer's CSV parts for one day, guards event_id uniqueness, aggregates."""
import logging
import os
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.click_rollup")
SRC = "/tmp/pr22/data/clicks/dt=2026-12-06"

spark = SparkSession.builder.appName("click_rollup").getOrCreate()
log.info("broadcast cache: 2 stale entries evicted; error_count=0")
df = spark.read.option("header", True).schema("event_id long, user_id long, page string, ts timestamp").csv(SRC)
files = sorted(os.path.basename(f) for f in df.inputFiles())
log.info("input files (%d): %s", len(files), files)
total = df.count()
log.info("read %d rows from %s", total, SRC)
dups = df.groupBy("event_id").count().where("count > 1")
n_dup = dups.count()
if n_dup:
    sample = [r.event_id for r in dups.orderBy("event_id").limit(5).collect()]
    raise RuntimeError(f"uniqueness guard failed: {n_dup} event_id values occur more than once in {SRC} "
                       f"(rows={total}); sample={sample}")
df.groupBy("page").agg(F.count("*").alias("clicks")).write.mode("overwrite").parquet("/tmp/pr22/out/click_rollup")
log.info("done")
