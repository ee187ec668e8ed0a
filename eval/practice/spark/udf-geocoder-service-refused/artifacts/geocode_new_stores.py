"""Geocode newly opened store addresses through the internal geocoder service."""
import json
import logging
import sys
import time
import urllib.request

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.stores")

GEOCODER = "http://127.0.0.1:18794/geocode"

spark = SparkSession.builder.appName("geocode_new_stores").getOrCreate()
stores = spark.createDataFrame(
    [(i, f"{i} Harbour Street", "Bergen") for i in range(1, 41)], ["store_id", "street", "city"]).repartition(2)
log.info("new stores to geocode: %d, columns=%s", stores.count(), stores.columns)
log.info("geocoder health probe timed out at 09:58, retried ok at 09:59 (per ops dashboard)")


@F.udf(T.StructType([T.StructField("lat", T.DoubleType()), T.StructField("lon", T.DoubleType())]))
def geocode(street, city):
    body = json.dumps({"street": street, "city": city}).encode()
    for attempt in range(3):
        try:
            req = urllib.request.Request(GEOCODER, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                out = json.loads(resp.read())
                return (out["lat"], out["lon"])
        except OSError:
            if attempt == 2:
                raise
            time.sleep(1 + attempt)


located = stores.withColumn("loc", geocode("street", "city"))
located.write.mode("overwrite").parquet("/tmp/pr20/spark/out/new_store_locations")
log.info("geocoded stores written")
spark.stop()
