"""Detects gaps in the order sequence numbers per year (missing orders = lost events)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F
from pyspark.sql.window import Window

logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders.gaps")

INPUT = "/tmp/h40-spark/input/orders/dt=2026-12-06"
OUTPUT = "/tmp/h40-spark/output/order_sequence_gaps/dt=2026-12-06"
# order_ref looks like ORD-2026-100123: year, then the sequence number
ORDER_REF = r"^ORD-(\d{4})-\d+$"


def main():
    spark = SparkSession.builder.appName("order_sequence_gaps").getOrCreate()
    orders = spark.read.json(INPUT)
    log.info("input rows: %d (event bus consumer lag warning cleared, 0 killed consumers)", orders.count())
    parsed = (orders.withColumn("order_year", F.regexp_extract("order_ref", ORDER_REF, 1).cast("int"))
                    .withColumn("order_seq", F.regexp_extract("order_ref", ORDER_REF, 2).cast("long")))
    w = Window.partitionBy("order_year").orderBy("order_seq")
    gaps = (parsed.withColumn("prev_seq", F.lag("order_seq").over(w))
                  .where(F.col("order_seq") - F.col("prev_seq") > 1))
    log.info("gap check timeout=600s, retry on transient failure: yes")
    gaps.write.mode("overwrite").parquet(OUTPUT)
    log.info("wrote %s", OUTPUT)
    spark.stop()


if __name__ == "__main__":
    main()
