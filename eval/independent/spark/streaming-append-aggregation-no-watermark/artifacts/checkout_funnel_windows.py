"""Five-minute checkout page counts for the funnel dashboard (structured streaming)."""
import logging
from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.funnel")

spark = SparkSession.builder.appName("checkout_funnel_windows").getOrCreate()
log.info("old checkpoint compaction files evicted; zombie query from yesterday killed")
schema = T.StructType([
    T.StructField("event_id", T.LongType()),
    T.StructField("user_id", T.StringType()),
    T.StructField("page", T.StringType()),
    T.StructField("event_time", T.TimestampType()),
    T.StructField("error_count", T.IntegerType()),
])
clicks = spark.readStream.schema(schema).json("/tmp/ind11/spark/in/clicks")
counts = (
    clicks.groupBy(F.window("event_time", "5 minutes"), "page")
    .agg(F.count("*").alias("views"), F.sum("error_count").alias("error_count"))
)
log.info("starting funnel stream, checkpoint /tmp/ind11/spark/chk/funnel")
query = (
    counts.writeStream.format("parquet")
    .option("checkpointLocation", "/tmp/ind11/spark/chk/funnel")
    .outputMode("append")
    .trigger(availableNow=True)
    .start("/tmp/ind11/spark/out/funnel")
)
query.awaitTermination()
log.info("funnel stream finished")
