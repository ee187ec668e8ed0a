"""Expand hotel bookings into one row per night for occupancy reporting."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.booking_nights")

spark = SparkSession.builder.appName("booking_nights").getOrCreate()
log.info("fetch of bookings feed timed out on attempt 1, retried OK; error_count=0")
bookings = spark.read.option("header", True).csv("/tmp/ind9/spark/data/bookings/dt=2026-12-07/")
log.info("bookings read: %d", bookings.count())
nights = bookings.select(
    "booking_id",
    "hotel_id",
    F.explode(
        F.sequence(F.to_date("checkin"), F.date_sub(F.to_date("checkout"), 1), F.expr("interval 1 day"))
    ).alias("night"),
)
occupancy = nights.groupBy("hotel_id", "night").agg(F.count("*").alias("rooms_sold"))
occupancy.write.mode("overwrite").parquet("/tmp/ind9/spark/data/out/occupancy")
log.info("occupancy written")
