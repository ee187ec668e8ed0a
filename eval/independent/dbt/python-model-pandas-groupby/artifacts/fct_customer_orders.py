def model(dbt, session):
    dbt.config(materialized="table")
    orders = dbt.ref("stg_orders")
    # per-customer totals for the CRM export
    totals = orders.groupby("customer_id")["order_amount"].sum().reset_index()
    return totals
