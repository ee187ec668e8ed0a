"""Daily vendor stock snapshot -> available-to-promise per SKU and warehouse."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.vendor_stock")

run_date = sys.argv[1]
src = f"/tmp/h46-spark/in/vendor_stock/export_date={run_date}/stock.csv"
out = f"/tmp/h46-spark/out/vendor_atp/export_date={run_date}"

spark = SparkSession.builder.appName("vendor_stock_atp").getOrCreate()
df = spark.read.option("header", "true").csv(src)
log.info("read %s: %d rows, columns=%s", src, df.count(), df.columns)
atp = (df.select("sku", "warehouse", F.col("on_hand").cast("int").alias("on_hand"),
                 F.col("reserved").cast("int").alias("reserved"))
         .withColumn("available", F.col("on_hand") - F.col("reserved")))
atp.write.mode("overwrite").parquet(out)
log.info("wrote %s", out)
spark.stop()
