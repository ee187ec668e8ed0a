import json
import logging
import urllib.request

log = logging.getLogger("plant.enrich.vat")
TAX_SERVICE = "http://127.0.0.1:18552/v1/rates"


def model(dbt, session):
    dbt.config(materialized="table")
    orders = dbt.ref("stg_orders")
    countries = [r[0] for r in orders.query("o", "select distinct country from o order by 1").fetchall()]
    log.info("fetching VAT rates for %s (cache: 2 entries evicted, timeout 10s)", countries)
    rates = {}
    for c in countries:
        with urllib.request.urlopen(f"{TAX_SERVICE}?country={c}", timeout=10) as resp:
            rates[c] = json.load(resp)["standard_rate"]
    cases = " ".join(f"when '{c}' then {r}" for c, r in rates.items())
    return orders.query("o", f"select *, case country {cases} end as vat_rate from o")
