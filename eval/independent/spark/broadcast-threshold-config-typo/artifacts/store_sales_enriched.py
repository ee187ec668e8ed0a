import sys
from pyspark.sql import SparkSession, functions as F
sys.path.insert(0, '/tmp/ind3/spark/jobs')
from common import acme_logger, py_logger
dt = sys.argv[1]
spark = SparkSession.builder.appName("store_sales_enriched").getOrCreate()
log = acme_logger(spark, "com.acme.etl.store_sales")
plog = py_logger("store_sales_enriched")
log.info(f"store_sales_enriched dt={dt} attempt starting (scheduler retry enabled, max_retries=2)")
orders = spark.read.parquet(f"/tmp/ind3/spark/data/orders/dt={dt}")
stores = spark.read.parquet("/tmp/ind3/spark/data/dim_store")
daily = (orders.join(stores, "store_id", "left")
               .groupBy("store_id", "store_name", "region")
               .agg(F.count("*").alias("orders"), F.round(F.sum("amount"), 2).alias("revenue"))
               .withColumn("killed_flag", F.lit(False)))
plog.info("joined orders with dim_store; previous executor timeout warnings are informational")
daily.write.mode("overwrite").parquet(f"/tmp/ind3/spark/out/store_sales_enriched/dt={dt}")
log.info("store_sales_enriched written")
spark.stop()
