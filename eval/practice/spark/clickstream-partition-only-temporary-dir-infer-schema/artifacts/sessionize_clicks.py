"""Daily sessionization of the clickstream partition written by the upstream ingest job."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [clicks.sessionize] %(message)s")
log = logging.getLogger("clicks.sessionize")
ds = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
src = f"/tmp/pr34-data/clickstream/dt={ds}"

spark = SparkSession.builder.appName("sessionize_clicks").getOrCreate()
log.info("reading clickstream partition %s", src)
log.info("executor heartbeat timeout=120s, speculative tasks killed on finish: normal")
clicks = spark.read.parquet(src)
sessions = (clicks.groupBy("user_id")
            .agg(F.min("ts").alias("first_ts"), F.max("ts").alias("last_ts"), F.count("*").alias("clicks")))
out = sessions.count()
log.info("built %d sessions", out)
sessions.write.mode("overwrite").parquet(f"/tmp/pr34-data/sessions/dt={ds}")
spark.stop()
