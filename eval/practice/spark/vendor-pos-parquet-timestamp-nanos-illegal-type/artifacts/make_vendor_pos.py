"""Stand-in for the POS vendor's parquet drop. Up to 2026-12-06 their writer used microsecond timestamps;
the writer upgraded over the weekend writes today's file with nanosecond timestamps (TIMESTAMP_NS)."""
import os
import sys
import duckdb

base = sys.argv[1]
con = duckdb.connect()
for d, ts_type in [("2026-12-05", "timestamp"), ("2026-12-06", "timestamp"), ("2026-12-07", "timestamp_ns")]:
    os.makedirs(f"{base}/dt={d}", exist_ok=True)
    con.execute(f"""
        copy (
            select 'R' || lpad(i::varchar, 7, '0') as receipt_id,
                   'S' || lpad((1 + i % 30)::varchar, 3, '0') as store_id,
                   round(3 + (i * 37 % 17000) / 100.0, 2) as amount,
                   cast(timestamp '{d} 07:00:00' + to_seconds(i * 3) as {ts_type}) as sold_at
            from range(1, 8001) t(i)
        ) to '{base}/dt={d}/part-00000.parquet' (format parquet)
    """)
    print(f"vendor drop dt={d}: 8000 receipts, sold_at as {ts_type}")
