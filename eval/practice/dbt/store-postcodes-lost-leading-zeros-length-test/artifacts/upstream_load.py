"""'Upstream' loader: lands the ERP store-master export into raw.stores.

Since the ERP team moved the export to their new spreadsheet-based tool (2026-12-05), the
postcode column is written as a plain number, without the leading zero of eastern postcodes.
"""
import csv
import os

import duckdb

LANDING = "/tmp/h49-dbt/stores/landing"
os.makedirs(LANDING, exist_ok=True)
path = os.path.join(LANDING, "stores_export_2026-12-06.csv")
stores = [
    (101, "Berlin Alexanderplatz", "10178", "Berlin", "BE", "2015-03-01"),
    (102, "Hamburg Moenckebergstr", "20095", "Hamburg", "HH", "2016-05-12"),
    (103, "Muenchen Marienplatz", "80331", "Muenchen", "BY", "2014-09-20"),
    (104, "Dresden Altmarkt", "01067", "Dresden", "SN", "2018-04-03"),
    (105, "Leipzig Hainstrasse", "04109", "Leipzig", "SN", "2019-10-17"),
    (106, "Koeln Schildergasse", "50667", "Koeln", "NW", "2013-11-02"),
    (107, "Chemnitz Zentrum", "09111", "Chemnitz", "SN", "2021-02-14"),
    (108, "Frankfurt Zeil", "60313", "Frankfurt am Main", "HE", "2012-06-30"),
    (109, "Erfurt Anger", "99084", "Erfurt", "TH", "2020-08-08"),
    (110, "Cottbus Stadtpromenade", "03046", "Cottbus", "BB", "2022-03-19"),
    (111, "Stuttgart Koenigstrasse", "70173", "Stuttgart", "BW", "2017-07-07"),
]
with open(path, "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "store_name", "postcode", "city", "state_code", "opened_on"])
    for sid, name, plz, city, state, opened in stores:
        # new export tool writes the postcode cell as a number
        w.writerow([sid, name, int(plz), city, state, opened])
print(f"ERP export written: {path}")

con = duckdb.connect("/tmp/h49-dbt/stores/stores.duckdb")
con.execute("create schema if not exists raw")
con.execute(f"create or replace table raw.stores as select * from read_csv_auto('{path}', header=true)")
for row in con.execute("select column_name, data_type from information_schema.columns "
                       "where table_schema='raw' and table_name='stores' order by ordinal_position").fetchall():
    print("raw.stores column", row)
print("raw.stores rows:", con.execute("select count(*) from raw.stores").fetchone()[0])
con.close()
