"""Classifies clicks by page type using the shared acme_transforms package (shipped with --py-files)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.web.page_types")
spark = SparkSession.builder.appName("clicks_page_types").getOrCreate()
log.info("sys.path entries from --py-files: %s", [p for p in sys.path if p.endswith(".zip")])
log.info("lookup cache warmed; 0 entries evicted")
from acme_transforms import page_type
clicks = spark.read.json("/tmp/pr18/spark/data/clicks/clicks_2026-12-06.json")
out = clicks.withColumn("page_type", page_type(F.col("url"))).groupBy("page_type").count()
out.write.mode("overwrite").parquet("/tmp/pr18/spark/out/page_types/dt=2026-12-06")
log.info("error_count=0")
spark.stop()
