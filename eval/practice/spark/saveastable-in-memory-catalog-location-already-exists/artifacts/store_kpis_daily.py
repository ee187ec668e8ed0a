"""Nightly store KPIs, published as the managed table store_kpis_daily for the BI layer."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_kpis")

run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"store_kpis_daily_{run_date}").getOrCreate()
log.info("catalog implementation: %s, warehouse: %s",
         spark.conf.get("spark.sql.catalogImplementation"), spark.conf.get("spark.sql.warehouse.dir"))

sales = spark.read.option("header", True).schema(
    "store_id INT, sale_date DATE, receipts INT, net_sales DECIMAL(12,2)").csv("/tmp/h49-spark/kpis/input")
kpis = (sales.groupBy("store_id", "sale_date")
        .agg(F.sum("receipts").alias("receipts"), F.sum("net_sales").alias("net_sales"))
        .withColumn("avg_basket", F.round(F.col("net_sales") / F.col("receipts"), 2))
        .withColumn("run_date", F.lit(run_date)))

kpis.write.mode("overwrite").saveAsTable("store_kpis_daily")
log.info("store_kpis_daily rebuilt for %s: %d rows", run_date, spark.table("store_kpis_daily").count())
spark.stop()
