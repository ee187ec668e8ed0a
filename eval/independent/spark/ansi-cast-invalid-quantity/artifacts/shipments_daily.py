import sys
from pyspark.sql import SparkSession, functions as F
sys.path.insert(0, '/tmp/ind3/spark/jobs')
from common import acme_logger, py_logger
dt = sys.argv[1]
spark = SparkSession.builder.appName("shipments_daily_rollup").getOrCreate()
log = acme_logger(spark, "com.acme.etl.shipments")
plog = py_logger("shipments_daily")
log.info(f"starting shipments rollup for dt={dt}; retry policy: 3 attempts, timeout 1800s")
raw = spark.read.option("header", True).csv(f"/tmp/ind3/spark/data/shipments/dt={dt}")
log.info(f"input columns: {raw.columns}")
plog.info("schema check passed: 6 columns, error_count=0")
shaped = (raw.withColumn("quantity", F.col("quantity").cast("int"))
             .withColumn("retry_count", F.col("retry_count").cast("int")))
log.warn("warehouse WH07 reported 12 parcels in status retry_scheduled; not blocking")
out = (shaped.groupBy("warehouse", "sku")
             .agg(F.sum("quantity").alias("units"), F.sum("retry_count").alias("retries"))
             .orderBy(F.desc("units")))
rows = out.collect()
log.info(f"rollup produced {len(rows)} rows")
out.write.mode("overwrite").parquet(f"/tmp/ind3/spark/out/shipments_rollup/dt={dt}")
spark.stop()
