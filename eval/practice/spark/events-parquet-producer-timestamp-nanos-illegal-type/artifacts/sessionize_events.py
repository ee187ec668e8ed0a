"""Daily sessionization of app events: reads the day's partition, builds 30-minute sessions per user."""
import logging
import sys

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.sessionize")

day = sys.argv[1]
src = f"/tmp/h44-spark/landing/app_events/dt={day}"
spark = SparkSession.builder.appName("sessionize_events").getOrCreate()
jlog = spark._jvm.org.apache.log4j.LogManager.getLogger("com.acme.etl.Sessionize")
jlog.info("sessionize start; idle timeout=30min, late events retried=0, evicted_sessions=0")
log.info("reading %s", src)
events = spark.read.parquet(src)
log.info("schema: %s", events.schema.simpleString())
w = Window.partitionBy("user_id").orderBy("event_ts")
sessions = (
    events.withColumn("prev_ts", F.lag("event_ts").over(w))
    .withColumn("new_session", (F.col("prev_ts").isNull() | (F.col("event_ts") - F.col("prev_ts") > F.expr("INTERVAL 30 MINUTES"))).cast("int"))
    .withColumn("session_no", F.sum("new_session").over(w))
    .groupBy("user_id", "session_no")
    .agg(F.min("event_ts").alias("session_start"), F.max("event_ts").alias("session_end"), F.count("*").alias("events"))
)
n = sessions.count()
log.info("built %s sessions for %s", n, day)
sessions.write.mode("overwrite").parquet(f"/tmp/h44-spark/out/sessions/dt={day}")
spark.stop()
