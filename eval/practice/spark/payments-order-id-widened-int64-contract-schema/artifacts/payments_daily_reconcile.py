"""Reconcile the daily payments drop against the ledger (finance.payments_daily)."""
import logging, sys
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import StructType, StructField, IntegerType, DoubleType, StringType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.finance.payments")
RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
# contract with the payments team (v1): order_id is a 32-bit int
SCHEMA = StructType([StructField("order_id", IntegerType()), StructField("amount", DoubleType()), StructField("method", StringType())])
spark = SparkSession.builder.appName("payments_daily_reconcile").getOrCreate()
src = f"/tmp/pr21/spark/data/payments/dt={RUN_DATE}"
log.info("reading %s with contract schema %s", src, SCHEMA.simpleString())
log.info("ledger connection pool: 2 idle connections evicted; error_count=0")
pay = spark.read.schema(SCHEMA).parquet(src)
agg = pay.groupBy("method").agg(F.count("*").alias("n"), F.sum("amount").alias("total"), F.min("order_id").alias("min_order"))
for r in agg.collect():
    log.info("method=%s n=%d total=%.2f min_order=%s", r["method"], r["n"], r["total"], r["min_order"])
pay.write.mode("overwrite").parquet(f"/tmp/pr21/spark/out/payments_daily/dt={RUN_DATE}")
spark.stop()
