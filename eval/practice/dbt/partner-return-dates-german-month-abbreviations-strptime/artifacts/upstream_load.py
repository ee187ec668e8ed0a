"""'Upstream' loader: lands the partner portal's returns report (downloaded by the RPA bot) into raw.returns_feed."""
import duckdb, random
random.seed(4603)
con = duckdb.connect("/tmp/h46-dbt/returns/returns.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.returns_feed (return_id varchar, order_ref varchar,
    return_date varchar, quantity varchar, reason_code varchar, source_file varchar)""")
rows = []
for i in range(410):
    rows.append((f"RT{i:05d}", f"MP-{700000 + i}", random.choice(["02-Dec-2026", "03-Dec-2026", "04-Dec-2026", "05-Dec-2026"]),
                 str(random.randint(1, 3)), random.choice(["SIZE", "DAMAGED", "NOT_AS_DESCRIBED"]), "returns_2026-12-05.csv"))
for i in range(380):
    rows.append((f"RT{410 + i:05d}", f"MP-{701000 + i}", random.choice(["03-Dez-2026", "04-Dez-2026", "05-Dez-2026", "06-Dez-2026"]),
                 str(random.randint(1, 3)), random.choice(["SIZE", "DAMAGED", "NOT_AS_DESCRIBED"]), "returns_2026-12-06.csv"))
con.executemany("insert into raw.returns_feed values (?,?,?,?,?,?)", rows)
for f, n, lo, hi in con.execute("select source_file, count(*), min(return_date), max(return_date) from raw.returns_feed group by 1 order by 1").fetchall():
    print(f"loaded {f}: rows={n} return_date min={lo!r} max={hi!r}")
con.close()
