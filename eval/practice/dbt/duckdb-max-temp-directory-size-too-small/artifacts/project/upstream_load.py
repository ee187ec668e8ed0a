import duckdb
con = duckdb.connect("/tmp/pr25/dbt/duckdb-max-temp-directory-size-too-small/warehouse.duckdb")
con.execute("create or replace table raw_clicks as select range as click_id, 'session-' || (range % 400000)::varchar as session_id, 'https://shop.example.com/p/' || (range % 9973)::varchar || '?ref=' || md5(range::varchar) as url, timestamp '2026-12-06' + to_seconds(range % 86400) as ts from range(2500000)")
print("upstream: loaded raw_clicks rows=2500000 (normal daily volume ~2.4-2.6M)")
