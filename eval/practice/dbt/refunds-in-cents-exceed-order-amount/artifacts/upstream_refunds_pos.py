"""Upstream: appends refunds from the store POS feed (pos_v2 rollout on 2026-12-06)."""
import duckdb, sys
con = duckdb.connect(sys.argv[1])
# pos_v2 terminals (store 014) started sending refund_amount in minor units (cents)
con.execute("""insert into raw.refunds
  select 900 + row_number() over (), o.order_id, (o.amount * 100)::decimal(10,2), timestamp '2026-12-06 15:00:00' + to_minutes(1)
  from (select order_id, amount from raw.orders where order_id in (118, 407, 911)) o, (select 1 as i) t""")
print("INFO pos_refunds: source=pos_v2 store=014 rows_appended=3")
