"""Tag card transactions with the merchant category held in the payments database."""
import logging
import sys

import psycopg2
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import StringType

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.mcc_tagging")

spark = SparkSession.builder.appName("merchant_category_tagging").getOrCreate()
rows = [(f"T{i:07d}", f"MER{i % 350:04d}", round(3 + (i * 11) % 250 + 0.5, 2), "2026-12-06") for i in range(15000)]
txns = spark.createDataFrame(rows, "txn_id string, merchant_id string, amount double, dt string")
log.info("transactions: %d (1 zombie connection killed by pgbouncer, killed_flag=false)", txns.count())

conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="ind12_payments")
log.info("connected to payments db for merchant category lookups")


def lookup_category(merchant_id):
    with conn.cursor() as cur:
        cur.execute("select category from merchant_categories where merchant_id = %s", (merchant_id,))
        row = cur.fetchone()
    return row[0] if row else "unknown"


category_udf = F.udf(lookup_category, StringType())
tagged = txns.withColumn("category", category_udf("merchant_id"))
tagged.write.mode("overwrite").partitionBy("dt").parquet("/tmp/ind12/spark/out/txn_categories")
log.info("tagged transactions written")
spark.stop()
