import random, sys
from pyspark.sql import SparkSession
random.seed(5)
base = sys.argv[1]
spark = SparkSession.builder.master("local[1]").appName("make_returns").getOrCreate()
rows = [(700000 + i, f"RET-{i:06d}", random.choice(["damaged", "wrong size", "late", "not as described"]),
         round(random.uniform(5, 300), 2), random.choice(["EUR", "CHF", "GBP"]), random.choice([1.0, 1.06, 1.17]))
        for i in range(4000)]
spark.createDataFrame(rows, "order_id long, return_id string, reason string, refund_amount double, currency string, fx_to_eur double") \
    .repartition(2).write.mode("overwrite").parquet(f"{base}/input/returns")
spark.stop()
