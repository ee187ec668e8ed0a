"""Flatten the order-service outbox (JSON payload column) into typed order rows."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.order_events")

OUTBOX = "/tmp/h50-spark/data/order_outbox"
OUT = "/tmp/h50-spark/out/orders_flat"

# payload layout, taken from the order service's Postgres DDL (orders table) on 2026-12-04
PAYLOAD_SCHEMA = (
    "order_id bigint, customer_id bigint, total numeric(12,2), currency varchar(3), "
    "placed_at timestamptz, channel text"
)


def main(run_date: str) -> None:
    spark = SparkSession.builder.appName("order_events_flatten").getOrCreate()
    outbox = spark.read.json(f"{OUTBOX}/dt={run_date}")
    log.info("outbox rows for %s: %d", run_date, outbox.count())
    orders = (outbox
              .withColumn("p", F.from_json("payload", PAYLOAD_SCHEMA))
              .select("event_id", "p.*"))
    orders.write.mode("overwrite").parquet(f"{OUT}/dt={run_date}")
    log.info("flattened orders written")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
