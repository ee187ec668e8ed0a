"""Score yesterday's returns for fraud risk with the rules UDF."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.returns")

spark = SparkSession.builder.appName("score_returns_risk").getOrCreate()
log.info("executor python: %s", spark.conf.get("spark.pyspark.python", "<default>"))
returns = spark.range(0, 20000, numPartitions=2).select(
    F.col("id").alias("return_id"), (F.col("id") % 700).alias("customer_id"),
    (F.col("id") % 37 * 3.5).alias("refund_amount"))
log.info("returns read: %d rows, columns=%s", returns.count(), returns.columns)


@F.udf(T.IntegerType())
def risk_score(amount, customer_id):
    score = 0
    if amount > 100:
        score += 40
    if customer_id % 50 == 0:
        score += 30
    return score


scored = returns.withColumn("risk", risk_score("refund_amount", "customer_id"))
log.info("high risk returns: %d", scored.filter("risk >= 40").count())
spark.stop()
