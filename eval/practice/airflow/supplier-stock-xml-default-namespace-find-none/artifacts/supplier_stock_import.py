import logging
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import dag, task

log = logging.getLogger("acme.supplier.stock")
LANDING = Path("/tmp/h40-af/landing/supplier")


@dag(dag_id="supplier_stock_import", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 2, "retry_delay": timedelta(seconds=4)}, tags=["supply", "h40"])
def supplier_stock_import():
    @task
    def import_supplier_stock():
        path = LANDING / "nordfrukt_stock_2026-12-06.xml"
        log.info("sftp pull finished after 1 retry (first attempt hit a 20s timeout)")
        root = ET.parse(path).getroot()
        log.info("parsed %s: root element %s with %d children, supplier=%s",
                 path.name, root.tag, len(root), root.get("supplier"))
        log.warning("supplier NORDFRUKT: 1 SKU flagged as killed/discontinued last week")
        header = root.find("header")
        batch_id = header.find("batch_id").text
        items = [(i.find("sku").text, int(i.find("qty").text)) for i in root.findall("item")]
        log.info("batch %s: %d items", batch_id, len(items))
        return {"batch_id": batch_id, "items": len(items)}

    import_supplier_stock()


supplier_stock_import()
