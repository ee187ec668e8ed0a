import os, random, csv
from pyspark.sql import SparkSession
base = "/tmp/h41-spark/margin"
os.makedirs(base, exist_ok=True)
rnd = random.Random(2)
with open(f"{base}/stores.csv", "w", newline="") as fh:
    w = csv.writer(fh); w.writerow(["store_id", "store_name", "region"])
    for s in range(1, 41): w.writerow([s, f"Store {s}", rnd.choice(["north", "south", "east", "west"])])
spark = SparkSession.builder.master("local[1]").getOrCreate()
rows = [(rnd.randint(1, 40), "2026-12-06", round(rnd.uniform(5, 500), 2), round(rnd.uniform(2, 300), 2)) for _ in range(5000)]
spark.createDataFrame(rows, "store_id int, sale_date string, revenue double, cost double").write.mode("overwrite").parquet(f"{base}/sales")
spark.stop()
