"""Input maker: the app-events producer. Writes one parquet file per day under dt=YYYY-MM-DD.

Up to 2026-12-06 the producer wrote event_ts as microsecond timestamps. On 2026-12-07 the producer
was upgraded and started writing event_ts as TIMESTAMP_NS (Parquet INT64 TIMESTAMP(NANOS)).
Run with the dbt env's python (duckdb as the producer's writer).
"""
import os

import duckdb

base = "/tmp/h44-spark/landing/app_events"
con = duckdb.connect()
for day, ts_type in [("2026-12-05", "TIMESTAMP"), ("2026-12-06", "TIMESTAMP"), ("2026-12-07", "TIMESTAMP_NS")]:
    os.makedirs(f"{base}/dt={day}", exist_ok=True)
    con.execute(f"""
        copy (
            select i as event_id,
                   'user-' || (i % 900) as user_id,
                   ['view', 'add_to_cart', 'checkout'][1 + i % 3] as event_type,
                   cast(timestamp '{day} 00:00:00' + to_seconds(i * 7) as {ts_type}) as event_ts
            from range(0, 12000) t(i)
        ) to '{base}/dt={day}/part-00000.parquet' (format parquet)
    """)
    print("wrote", day, ts_type)
