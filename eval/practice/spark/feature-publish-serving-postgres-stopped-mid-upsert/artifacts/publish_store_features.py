"""Publish per-customer features to the serving Postgres (127.0.0.1:28622, db serving) from each partition."""
import logging
import sys
import time

import psycopg2
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.publish_features")

DSN = "host=127.0.0.1 port=28622 dbname=serving user=postgres connect_timeout=10"
BATCH = 250


def publish(rows):
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    plog = logging.getLogger("acme.publish_features.writer")
    conn = psycopg2.connect(DSN)
    cur = conn.cursor()
    batch, sent = [], 0
    for r in rows:
        batch.append((r.customer_id, r.orders_90d, r.spend_90d))
        if len(batch) == BATCH:
            cur.executemany(
                "INSERT INTO features.customer_90d (customer_id, orders_90d, spend_90d) VALUES (%s, %s, %s) "
                "ON CONFLICT (customer_id) DO UPDATE SET orders_90d = EXCLUDED.orders_90d, spend_90d = EXCLUDED.spend_90d",
                batch,
            )
            conn.commit()
            sent += len(batch)
            batch = []
            plog.info("committed %s rows (throttle 0.4s to keep replica lag low, no timeout)", sent)
            time.sleep(0.4)
    if batch:
        cur.executemany(
            "INSERT INTO features.customer_90d (customer_id, orders_90d, spend_90d) VALUES (%s, %s, %s) "
            "ON CONFLICT (customer_id) DO UPDATE SET orders_90d = EXCLUDED.orders_90d, spend_90d = EXCLUDED.spend_90d",
            batch,
        )
        conn.commit()
    conn.close()


spark = SparkSession.builder.appName("publish_customer_features").getOrCreate()
jlog = spark._jvm.org.apache.log4j.LogManager.getLogger("com.acme.etl.PublishFeatures")
jlog.info("publish start; stale serving connections killed by pgbouncer reaper earlier: 0, retry budget 0")
orders = spark.range(0, 400000).select(
    (F.col("id") % 24000).alias("customer_id"),
    ((F.col("id") * 7) % 15000 / 100.0).alias("amount"),
)
features = orders.groupBy("customer_id").agg(F.count("*").alias("orders_90d"), F.round(F.sum("amount"), 2).alias("spend_90d"))
features = features.repartition(4)
log.info("publishing %s customers to serving", features.count())
features.foreachPartition(publish)
log.info("publish done")
spark.stop()
