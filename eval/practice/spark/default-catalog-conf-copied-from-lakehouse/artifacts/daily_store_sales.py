"""Aggregates the day's till receipts and saves them as the daily_store_sales table."""
import logging, os, random, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.retail.daily_store_sales")
spark = SparkSession.builder.appName("daily_store_sales").getOrCreate()
log.info("effective spark.sql.defaultCatalog=%s", spark.conf.get("spark.sql.defaultCatalog"))
rnd = random.Random(7)
rows = [(rnd.randint(1, 30), round(rnd.uniform(2, 250), 2)) for _ in range(5000)]
receipts = spark.createDataFrame(rows, "store_id int, amount double")
daily = receipts.groupBy("store_id").agg(F.sum("amount").alias("revenue"), F.count("*").alias("receipts"))
log.info("aggregated %d stores (retrying writes is safe: overwrite)", daily.count())
daily.write.mode("overwrite").saveAsTable("daily_store_sales")
log.info("saved daily_store_sales")
