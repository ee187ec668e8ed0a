"""Daily balance deltas per account for the treasury dashboard."""
import logging
from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.balance_deltas")

spark = SparkSession.builder.appName("account_balance_deltas").getOrCreate()
log.info("stale checkpoint dir evicted; zombie staging dir from yesterday killed")
balances = spark.range(0, 20000).select(
    (F.col("id") % 400).alias("account_id"),
    F.date_add(F.lit("2026-11-01").cast("date"), (F.col("id") / 400).cast("int")).alias("balance_date"),
    (F.rand(7) * 10000).alias("balance"),
    F.lit(0).alias("error_count"),
)
log.info("loaded %d balance rows", balances.count())
w = Window.partitionBy("account_id")
deltas = balances.withColumn("prev_balance", F.lag("balance").over(w)).withColumn(
    "delta", F.col("balance") - F.col("prev_balance")
)
deltas.write.mode("overwrite").parquet("/tmp/ind9/spark/data/out/balance_deltas")
log.info("written")
