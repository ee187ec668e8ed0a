"""'Upstream' loader: lands the FX provider's daily reference rates into raw.daily_rates."""
import duckdb
con = duckdb.connect("/tmp/h46-dbt/treasury/treasury.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.daily_rates (rate_date date, currency varchar, rate_to_eur double, feed_file varchar)")
base = {"USD": 0.9512, "GBP": 1.1874, "JPY": 0.006158, "CHF": 1.0689, "SEK": 0.08702, "PLN": 0.2341}
rows = []
for day, drift in (("2026-12-03", 1.000), ("2026-12-04", 1.002), ("2026-12-05", 0.999)):
    for c, v in base.items():
        rows.append((day, c, round(v * drift, 6), f"eurofx_{day}.csv"))
for c, v in base.items():  # 2026-12-06 file
    rows.append(("2026-12-06", c, round(1 / (v * 1.001), 6), "eurofx_2026-12-06.csv"))
con.executemany("insert into raw.daily_rates values (?,?,?,?)", rows)
for r in con.execute("""select feed_file, count(*), string_agg(currency || '=' || rate_to_eur, ' ' order by currency)
                         from raw.daily_rates group by 1 order by 1""").fetchall():
    print(f"loaded {r[0]} rows={r[1]} {r[2]}")
con.close()
