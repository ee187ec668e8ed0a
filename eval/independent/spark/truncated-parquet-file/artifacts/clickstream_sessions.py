import sys
from pyspark.sql import SparkSession, functions as F
sys.path.insert(0, '/tmp/ind3/spark/jobs')
from common import acme_logger, py_logger
dt = sys.argv[1]
spark = SparkSession.builder.appName("clickstream_page_dwell").getOrCreate()
log = acme_logger(spark, "com.acme.etl.clickstream")
plog = py_logger("clickstream_page_dwell")
src = f"/tmp/ind3/spark/data/clickstream/dt={dt}"
log.info(f"reading clickstream drop {src} (sftp pull finished after 1 retry, connect timeout recovered)")
clicks = spark.read.parquet(src)
plog.info(f"columns={clicks.columns}; session_flag values include bot_evicted (bot sessions evicted by the edge filter)")
stats = (clicks.where(F.col("session_flag") == "ok")
               .groupBy("page").agg(F.count("*").alias("views"), F.avg("dwell_ms").alias("avg_dwell_ms"), F.expr("percentile_approx(dwell_ms, 0.95)").alias("p95_dwell_ms")))
stats.write.mode("overwrite").parquet(f"/tmp/ind3/spark/out/page_dwell/dt={dt}")
log.info("page dwell written")
spark.stop()
