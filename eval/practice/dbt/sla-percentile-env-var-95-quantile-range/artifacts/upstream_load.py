"""Upstream loader: lands API gateway request latencies into raw.api_requests."""
import logging
import random
import sys
import duckdb

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.gateway.loader")
random.seed(40)
rows = []
for i in range(600):
    route = random.choice(["/v1/orders", "/v1/stock", "/v1/prices"])
    status = random.choice([200] * 30 + [499, 504])
    rows.append((i, "2026-12-06", route, status, round(random.lognormvariate(4.2, 0.6), 1)))
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.api_requests (request_id integer, request_date date, route varchar, "
            "status integer, latency_ms double)")
con.executemany("insert into raw.api_requests values (?, ?, ?, ?, ?)", rows)
n504 = sum(1 for r in rows if r[3] == 504)
log.info("loaded %d requests; %d gateway timeouts (504) and client-killed requests (499) kept as-is", len(rows), n504)
