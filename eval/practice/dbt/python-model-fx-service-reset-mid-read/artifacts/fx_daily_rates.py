import json
import urllib.request

RATES_URL = "http://127.0.0.1:18793/v1/rates?base=EUR&date=2026-12-06"


def model(dbt, session):
    dbt.config(materialized="table")
    print(f"fx_daily_rates: fetching {RATES_URL}")
    with urllib.request.urlopen(RATES_URL, timeout=20) as resp:
        print(f"fx_daily_rates: rates service answered {resp.status}, content-length={resp.headers.get('Content-Length')}")
        payload = json.loads(resp.read())
    rows = [(r["currency"], float(r["rate"])) for r in payload["rates"]]
    print(f"fx_daily_rates: {len(rows)} currencies")
    values = ", ".join(f"('{c}', {v})" for c, v in rows)
    return session.sql(f"select * from (values {values}) t(currency, rate)")
