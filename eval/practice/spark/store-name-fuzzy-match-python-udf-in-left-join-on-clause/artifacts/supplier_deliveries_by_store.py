"""Weekly supplier deliveries per store (supply.deliveries_by_store_weekly)."""
import logging
import re
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import BooleanType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.supply.deliveries")


def _norm(s):
    return re.sub(r"\s+", " ", (s or "").strip()).casefold()


@F.udf(returnType=BooleanType())
def same_store(supplier_name, master_name):
    """Supplier portals spell store names freely (case, double spaces, trailing blanks)."""
    return _norm(supplier_name) == _norm(master_name)


spark = SparkSession.builder.appName("supplier_deliveries_by_store").getOrCreate()
deliveries = spark.read.option("header", True).option("inferSchema", True) \
    .csv("/tmp/h54-spark/data/supplier_deliveries/week=2026-W49")
stores = spark.read.json("/tmp/h54-spark/data/store_master.json")
log.info("deliveries=%d stores=%d", deliveries.count(), stores.count())

# SUP-52: match on the normalised name instead of the raw string; keep unmatched deliveries for the report
matched = deliveries.join(F.broadcast(stores), same_store(deliveries.store_name, stores.store_name), "left")
out = (matched.groupBy(stores.store_id, stores.region, deliveries.delivered_on)
       .agg(F.count("*").alias("deliveries"), F.sum("cartons").alias("cartons")))
out.write.mode("overwrite").partitionBy("delivered_on").parquet("/tmp/h54-spark/out/deliveries_by_store_weekly")
log.info("done")
spark.stop()
