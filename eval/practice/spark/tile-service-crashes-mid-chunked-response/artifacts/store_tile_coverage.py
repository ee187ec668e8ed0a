"""Join store locations with map tiles from the internal tile service."""
import logging
import time

import requests
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s tile_coverage: %(message)s")
log = logging.getLogger("tile_coverage")
TILES_URL = "http://127.0.0.1:18952/v1/tiles?zoom=9&region=eu"


def fetch_tiles(attempts=3):
    for attempt in range(1, attempts + 1):
        try:
            log.info("GET %s (attempt %d/%d)", TILES_URL, attempt, attempts)
            resp = requests.get(TILES_URL, timeout=30, stream=True)
            resp.raise_for_status()
            body = b"".join(resp.iter_content(8192))
            return resp.json() if not body else __import__("json").loads(body)["tiles"]
        except requests.exceptions.ChunkedEncodingError as exc:
            if attempt == attempts:
                raise
            log.warning("tile stream interrupted (%s), retrying in 3s", exc)
            time.sleep(3)


spark = SparkSession.builder.appName("store_tile_coverage").getOrCreate()
stores = spark.range(0, 800).select(F.col("id").alias("store_id"), (F.col("id") % 64).alias("tile_id"))
log.info("stores: %d", stores.count())
tiles = fetch_tiles()
tiles_df = spark.createDataFrame(tiles)
cov = stores.join(tiles_df, "tile_id", "left").groupBy("tile_id").count()
log.info("coverage rows: %d", cov.count())
spark.stop()
