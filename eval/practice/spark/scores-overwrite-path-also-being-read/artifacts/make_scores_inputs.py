import json, random, sys, os
from pyspark.sql import SparkSession
random.seed(4)
d = sys.argv[1]; os.makedirs(f"{d}/events", exist_ok=True)
spark = SparkSession.builder.master("local[1]").appName("seed_scores").getOrCreate()
spark.createDataFrame([(i, round(random.uniform(0, 80), 2)) for i in range(1, 3001)], "customer_id int, score double") \
    .write.mode("overwrite").parquet(f"{d}/customer_scores")
with open(f"{d}/events/events_2026-12-07.json", "w") as f:
    for i in range(8000):
        f.write(json.dumps({"customer_id": random.randint(1, 3500), "type": random.choice(["view", "view", "cart", "purchase"])}) + "\n")
spark.stop(); print("inputs written to", d)
