"""'Upstream' loader: lands the telephony platform's CDR export (all text) into raw.calls."""
import duckdb, random
random.seed(4606)
con = duckdb.connect("/tmp/h46-dbt/contact_centre/contact_centre.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.calls (call_id varchar, agent_id varchar, queue varchar,
    started_at varchar, duration_seconds varchar, wrap_up_seconds varchar, disposition varchar,
    export_file varchar)""")
rows = []
for i in range(900):
    secs = random.randint(20, 1500)
    rows.append((f"C5-{i}", f"A{i % 40:03d}", random.choice(["billing", "orders", "returns"]),
                 f"2026-12-05 {8 + i % 10:02d}:{i % 60:02d}:00", str(secs), str(random.randint(5, 90)),
                 "resolved", "cdr_2026-12-05.csv"))
for i in range(870):
    secs = random.randint(20, 1500)
    m, s = divmod(secs, 60)
    dur = f"PT{m}M{s}S" if m else f"PT{s}S"
    wrap = random.randint(5, 90)
    rows.append((f"C6-{i}", f"A{i % 40:03d}", random.choice(["billing", "orders", "returns"]),
                 f"2026-12-06 {8 + i % 10:02d}:{i % 60:02d}:00", dur, f"PT{wrap}S",
                 "resolved", "cdr_2026-12-06.csv"))
con.executemany("insert into raw.calls values (?,?,?,?,?,?,?,?)", rows)
for f, n, sample_d, sample_w in con.execute("""select export_file, count(*), min(duration_seconds), min(wrap_up_seconds)
        from raw.calls group by 1 order by 1""").fetchall():
    print(f"loaded {f}: rows={n} sample duration_seconds={sample_d!r} wrap_up_seconds={sample_w!r}")
print("telephony export: platform release 2026.12 (cdr exporter), columns unchanged:",
      [r[0] for r in con.execute("select column_name from information_schema.columns where table_name='calls' order by ordinal_position").fetchall()])
con.close()
