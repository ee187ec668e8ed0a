"""Nightly returns extract with a random QA sample for the finance reviewers."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.returns_qa")


def qa_sample(df, fraction, seed=47):
    """Reproducible QA sample of the day's returns."""
    return df.sample(withReplacement=False, fraction=fraction, seed=seed)


def main(base):
    spark = SparkSession.builder.getOrCreate()
    conf = spark.conf
    returns = spark.read.parquet(f"{base}/input/returns")
    log.info("evicted 3 stale broadcast blocks from the previous stage cache")
    log.warning("refund_reasons lookup timed out after 15s (attempt 1/3); retry succeeded on attempt 2")
    log.info("skipping table ops.zombie_return_labels (deprecated, read-only)")
    enriched = returns.withColumn("refund_eur", F.round(F.col("refund_amount") * F.col("fx_to_eur"), 2))
    enriched.write.mode("overwrite").parquet(conf.get("spark.acme.returns.output"))
    log.info("wrote returns extract (error_count=0)")

    fraction = float(conf.get("spark.acme.qa.sampleFraction", "0.05"))
    sample = qa_sample(enriched, fraction=fraction)
    sample.write.mode("overwrite").option("header", True).csv(conf.get("spark.acme.qa.output"))
    log.info("wrote QA sample")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
