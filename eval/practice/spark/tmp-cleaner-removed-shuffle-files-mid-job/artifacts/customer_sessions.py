"""Build customer browsing sessions from the day's click events and score them."""
import logging
import sys
import time

from pyspark.sql import Row, SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.sessions")

spark = SparkSession.builder.appName("customer_sessions").getOrCreate()
log.info("local dirs: %s (scratch cleaned by host housekeeping, retention 1d)", spark.conf.get("spark.local.dir", "/tmp"))

events = (spark.range(0, 4_000_000, numPartitions=4)
          .select((F.col("id") % 50000).alias("customer_id"),
                  (F.col("id") * 37 % 86400).alias("second_of_day"),
                  (F.col("id") % 11).alias("page_type")))
by_customer = events.repartition(8, "customer_id")


def score_sessions(rows):
    # model scoring warms a per-partition cache first (about 4 s, logs "cache warm, 0 evicted")
    time.sleep(4)
    last = {}
    n = 0
    for r in rows:
        prev = last.get(r.customer_id)
        last[r.customer_id] = r.second_of_day
        n += 1
        if prev is None or r.second_of_day - prev > 1800:
            yield Row(customer_id=r.customer_id, session_start=r.second_of_day, page_type=r.page_type)
    print(f"acme.sessions.worker: partition scored rows={n} cache evicted=0 timeouts=0", file=sys.stderr, flush=True)


log.info("scoring sessions over %d partitions", by_customer.rdd.getNumPartitions())
sessions = spark.createDataFrame(by_customer.rdd.mapPartitions(score_sessions), "customer_id long, session_start long, page_type long")
sessions.write.mode("overwrite").parquet(sys.argv[1])
log.info("wrote sessions")
spark.stop()
