"""Weekly store sales summary (retail.store_sales_weekly) from the POS hub's daily parquet partitions."""
import logging
from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.retail.store_sales")
SRC = "/tmp/h54-spark/data/store_sales"
START, END = "2026-12-01", "2026-12-07"

spark = SparkSession.builder.appName("weekly_store_sales").getOrCreate()
sales = spark.read.parquet(SRC).where(F.col("dt").between(START, END))
log.info("reading %s for %s..%s", SRC, START, END)
daily = sales.groupBy("store_id", "dt").agg(F.sum("net_amount").alias("net_amount"), F.sum("quantity").alias("units"))
w = Window.partitionBy("store_id").orderBy("dt").rowsBetween(Window.unboundedPreceding, Window.currentRow)
out = daily.withColumn("week_to_date", F.sum("net_amount").over(w))
out.write.mode("overwrite").partitionBy("dt").parquet("/tmp/h54-spark/out/store_sales_weekly")
log.info("store sales weekly written: %d rows", out.count())
spark.stop()
