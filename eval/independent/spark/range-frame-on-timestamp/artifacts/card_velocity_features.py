"""Rolling one-hour card velocity features for the fraud model."""
import logging
import sys
from datetime import datetime, timedelta

from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.card_velocity")

spark = SparkSession.builder.appName("card_velocity_features").getOrCreate()
base = datetime(2026, 12, 6)
rows = [(f"card{i % 700:04d}", base + timedelta(seconds=37 * i), round(5 + (i * 17) % 300 + 0.99, 2), "EUR")
        for i in range(30000)]
txns = spark.createDataFrame(rows, "card_id string, txn_ts timestamp, amount double, currency string")
log.info("transactions loaded: %d (2 zombie scoring sessions killed by pool, killed_flag=false)", txns.count())

one_hour = Window.partitionBy("card_id").orderBy("txn_ts").rangeBetween(-3600, 0)
features = (txns
            .withColumn("amount_1h", F.sum("amount").over(one_hour))
            .withColumn("txn_count_1h", F.count("*").over(one_hour))
            .withColumn("txn_date", F.to_date("txn_ts")))
features.write.mode("overwrite").partitionBy("txn_date").parquet("/tmp/ind12/spark/out/card_velocity")
log.info("velocity features written")
spark.stop()
