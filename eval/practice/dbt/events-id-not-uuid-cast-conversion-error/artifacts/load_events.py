# upstream loader: lands the app events export into raw.app_events
import duckdb, logging, sys
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s loader %(message)s")
log = logging.getLogger("loader")
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.app_events (event_id varchar, user_id integer, event_type varchar, occurred_at timestamp)")
rows = [
    ("7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f", 101, "view", "2026-12-07 08:01:00"),
    ("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", 102, "cart", "2026-12-07 08:02:10"),
    ("evt-000123", 103, "view", "2026-12-07 08:03:44"),
    ("evt-000124", 104, "purchase", "2026-12-07 08:04:02"),
]
con.executemany("insert into raw.app_events values (?,?,?,?)", rows)
log.info("landed %d events into raw.app_events (export v4.2 from mobile gateway)", len(rows))
