"""Upstream stand-in: CRM nightly customer export. Last night a customer-merge job in the CRM
left both the old and the merged record active for 3 customers (same customer_id)."""
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists crm")
con.execute("create or replace table crm.customers as select i as customer_id, 'user' || i || '@example.com' as email, 'NL' as country, date '2025-01-01' + (i % 300)::int as signed_up_on from range(1, 5001) t(i)")
con.execute("insert into crm.customers select customer_id, 'merged.' || email, country, signed_up_on from crm.customers where customer_id in (1207, 3388, 4410)")
print("[crm-export] 5003 rows exported; merge job status: retrying 3 merges (timeout) - continuing")
