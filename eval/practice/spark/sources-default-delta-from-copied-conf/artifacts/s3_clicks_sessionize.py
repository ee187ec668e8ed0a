"""Sessionizes web clicks: reads the raw landing table and writes session stats (acme web analytics).
Reads and writes use the cluster's default table format (spark.sql.sources.default)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.web.sessionize")
RUN_DATE = "2026-12-06"
LANDING_JSON = f"/tmp/pr18/spark/data/clicks/clicks_{RUN_DATE}.json"
RAW_TABLE = f"/tmp/pr18/spark/out/raw_clicks/dt={RUN_DATE}"
OUTPUT = f"/tmp/pr18/spark/out/sessions/dt={RUN_DATE}"

spark = SparkSession.builder.appName("clicks_sessionize").getOrCreate()
log.info("default source: %s", spark.conf.get("spark.sql.sources.default"))
log.info("broadcast cache: 1 entry evicted; heartbeat ok")
clicks = spark.read.json(LANDING_JSON)
log.info("landed clicks: %d rows, columns=%s", clicks.count(), clicks.columns)
clicks.write.mode("overwrite").save(RAW_TABLE)
raw = spark.read.load(RAW_TABLE)
sessions = raw.groupBy("session_id").agg(F.count("*").alias("clicks"), F.min("ts").alias("first_ts"), F.max("ts").alias("last_ts"))
sessions.write.mode("overwrite").save(OUTPUT)
log.info("wrote %s error_count=0", OUTPUT)
spark.stop()
