import logging
import time

import pandas as pd
import requests

log = logging.getLogger("catalog_enrich")
CATALOG_URL = "http://127.0.0.1:18951/v2/products/attributes"


def _fetch(skus, attempts=3):
    for attempt in range(1, attempts + 1):
        resp = requests.post(CATALOG_URL, json={"skus": skus}, timeout=20)
        if resp.status_code in (502, 503) and attempt < attempts:
            log.warning("catalog answered %s, retrying in 2s (attempt %d/%d)", resp.status_code, attempt, attempts)
            time.sleep(2)
            continue
        resp.raise_for_status()
        return resp.json()["products"]


def model(dbt, session):
    dbt.config(materialized="table")
    products = dbt.ref("stg_products").df()
    skus = products["sku"].tolist()
    print(f"catalog_enrich: enriching {len(skus)} skus from {CATALOG_URL}", flush=True)
    rows = []
    for i in range(0, len(skus), 50):
        rows.extend(_fetch(skus[i:i + 50]))
    attrs = pd.DataFrame(rows)
    return products.merge(attrs, on="sku", how="left")
