"""What the upstream ingest job left behind for dt=2026-12-06: it was still writing when the
sessionize job started, so its part file sits under the committer's _temporary folder and no _SUCCESS exists.
(Reproduced by writing the part file and placing it where the FileOutputCommitter keeps it before job commit.)"""
import glob, os, shutil
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.appName("ingest_partial").getOrCreate()
scratch = "/tmp/pr34-data/_scratch_clicks"
spark.range(0, 2000).select((F.col("id") % 90).alias("user_id"), (F.lit(1796000000) + F.col("id") * 7).alias("ts"),
                            F.concat(F.lit("/p/"), (F.col("id") % 37).cast("string")).alias("url")) \
    .coalesce(1).write.mode("overwrite").parquet(scratch)
d = "/tmp/pr34-data/clickstream/dt=2026-12-06/_temporary/0/_temporary/attempt_202612070312_0004_m_000000_4"
os.makedirs(d, exist_ok=True)
for f in glob.glob(scratch + "/part-*.parquet"):
    shutil.move(f, d)
shutil.rmtree(scratch)
spark.stop()
