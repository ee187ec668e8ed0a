"""Joins POS orders to the stores dimension and checks referential integrity before publishing."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [retail.store_revenue] %(message)s")
log = logging.getLogger("retail.store_revenue")
spark = SparkSession.builder.appName("store_revenue").getOrCreate()
stores = spark.read.option("header", True).csv("/tmp/pr34-data/stores_dim/")
orders = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/pr34-data/pos_orders/")
n_stores = stores.count()
log.info("stores dimension rows: %d (usual: 48)", n_stores)
log.info("orders rows: %d", orders.count())
joined = orders.join(stores, "store_id", "left")
orphans = joined.filter(F.col("store_name").isNull())
n_orphans = orphans.count()
if n_orphans:
    sample = [r.store_id for r in orphans.select("store_id").distinct().limit(5).collect()]
    raise AssertionError(f"{n_orphans} orders reference unknown store_id (e.g. {sample}); refusing to publish")
joined.groupBy("store_id", "store_name").agg(F.sum("amount").alias("revenue")) \
    .write.mode("overwrite").parquet("/tmp/pr34-data/store_revenue")
spark.stop()
