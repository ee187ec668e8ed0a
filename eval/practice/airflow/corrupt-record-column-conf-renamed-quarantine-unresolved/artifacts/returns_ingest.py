"""Carrier returns (JSON lines) -> curated parquet; malformed lines go to quarantine, up to 0.5% tolerated."""
import argparse
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.returns.ingest")

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
p.add_argument("--quarantine", required=True)
p.add_argument("--max-bad-ratio", type=float, default=0.005)
args = p.parse_args()

spark = SparkSession.builder.getOrCreate()
raw = spark.read.option("mode", "PERMISSIVE").json(args.input).cache()
total = raw.count()
log.info("read %d records from %s", total, args.input)
log.info("schema: %s", raw.schema.simpleString())

bad = raw.filter(F.col("_corrupt_record").isNotNull())
n_bad = bad.count()
log.info("malformed records: %d of %d", n_bad, total)
if total and n_bad / total > args.max_bad_ratio:
    raise RuntimeError(f"too many malformed records: {n_bad}/{total}")
bad.select("_corrupt_record").write.mode("overwrite").text(args.quarantine)
good = raw.filter(F.col("_corrupt_record").isNull()).drop("_corrupt_record")
good.write.mode("overwrite").parquet(args.output)
log.info("wrote %d returns to %s", good.count(), args.output)
spark.stop()
