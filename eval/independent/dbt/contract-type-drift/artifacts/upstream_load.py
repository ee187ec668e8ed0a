"""Upstream loader for the fleet warehouse. FARE_AS_TEXT=1 mimics the new producer (fare as text);
LOADED_DAYS_AGO sets how old the latest load is."""
import os, random, datetime, duckdb
random.seed(11)
db = duckdb.connect(os.environ.get("DB", "/tmp/ind3/dbt/fleet/warehouse.duckdb"))
db.execute("create schema if not exists raw")
now = datetime.datetime.now() - datetime.timedelta(days=float(os.environ.get("LOADED_DAYS_AGO", "0")))
fare_type = "varchar" if os.environ.get("FARE_AS_TEXT") == "1" else "double"
db.execute("drop table if exists raw.trips")
db.execute(f"create table raw.trips (trip_id integer, driver_id integer, pickup_at timestamp, dropoff_at timestamp, distance_km double, fare_amount {fare_type}, tip_amount double, loaded_at timestamp)")
rows = []
for i in range(2000):
    p = now - datetime.timedelta(minutes=random.randint(30, 600))
    fare = round(random.uniform(5, 60), 2)
    rows.append((i, random.randint(1, 50), p, p + datetime.timedelta(minutes=random.randint(5, 50)), round(random.uniform(1, 30), 1), str(fare) if fare_type == "varchar" else fare, random.choice([None, 0.0, 2.5, 5.0]), now))
db.executemany("insert into raw.trips values (?,?,?,?,?,?,?,?)", rows)
db.execute("create or replace table raw.drivers as select range::integer as driver_id, 'driver_' || range as driver_name, case when range % 2 = 0 then 'north' else 'south' end as depot, 'active' as status from range(1, 51)")
print(f"loaded raw.trips ({len(rows)} rows, fare_amount {fare_type}, loaded_at {now:%Y-%m-%d %H:%M}) and raw.drivers (50 rows)")
