"""Score accounts for churn risk with a vectorised (pandas) UDF and write the scores by day."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F
from pyspark.sql.functions import pandas_udf

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.churn_scoring")

spark = SparkSession.builder.appName("churn_scoring").getOrCreate()
rows = [(f"A{i:05d}", i % 90, (i * 7) % 31, float((i * 13) % 500), "2026-12-06") for i in range(20000)]
accounts = spark.createDataFrame(rows, "account_id string, days_since_login int, tickets_30d int, mrr double, dt string")
log.info("accounts to score: %d (feature cache: 2 stale snapshots evicted, error_count=0)", accounts.count())
log.info("feature store ping timed out after 2s, retried OK")


@pandas_udf("double")
def churn_score(days_since_login, tickets_30d, mrr):
    z = 0.04 * days_since_login + 0.15 * tickets_30d - 0.002 * mrr - 1.5
    return 1.0 / (1.0 + (-z).rpow(2.718281828))


scored = accounts.withColumn("churn_score", churn_score("days_since_login", "tickets_30d", "mrr"))
scored.write.mode("overwrite").partitionBy("dt").parquet("/tmp/ind12/spark/out/churn_scores")
log.info("scores written")
spark.stop()
