import duckdb, random, sys, datetime
# supplier price list (Nordwind GmbH), delivered 2026-12-07: the supplier's new price file
# re-sent the January 2027 prices for some SKUs without closing the running period.
random.seed(5)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.price_list (sku varchar, unit_price varchar, currency varchar, valid_from varchar, valid_to varchar)")
rows = []
for i in range(1, 301):
    sku = f"NW-{4000+i}"
    p = round(random.uniform(2, 90), 2)
    rows.append((sku, str(p), 'EUR', '2026-07-01', '2026-12-31'))
    if i in (17, 88, 143, 260):
        # running period left open and new price starting mid-December
        rows[-1] = (sku, str(p), 'EUR', '2026-07-01', None)
        rows.append((sku, str(round(p*1.04, 2)), 'EUR', '2026-12-15', None))
    else:
        rows.append((sku, str(round(p*1.03, 2)), 'EUR', '2027-01-01', None))
con.executemany("insert into raw.price_list values (?,?,?,?,?)", rows)
print(f"supplier=nordwind loaded raw.price_list rows={len(rows)} (sftp retry 1 after timeout, ok)")
