def model(dbt, session):
    """Lifetime value and order count per customer."""
    dbt.config(materialized="table")
    orders = dbt.ref("stg_orders")
    cols = orders.columns
    totals = {}
    for rec in orders.fetchall():
        row = dict(zip(cols, rec))
        cust = row["Customer_ID"]
        value, n = totals.get(cust, (0.0, 0))
        totals[cust] = (value + row["order_total"], n + 1)
    session.execute("create or replace temp table _ltv_out (customer_id bigint, lifetime_value double, orders bigint)")
    session.executemany("insert into _ltv_out values (?, ?, ?)", [(c, v, n) for c, (v, n) in totals.items()])
    return session.sql("select * from _ltv_out")
