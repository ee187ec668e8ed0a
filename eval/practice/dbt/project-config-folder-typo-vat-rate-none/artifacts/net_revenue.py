"""Daily net revenue per store: gross order amounts with VAT taken out at the project's VAT rate."""


def model(dbt, session):
    dbt.config(materialized="table")
    vat_rate = dbt.config.get("vat_rate")
    orders = dbt.ref("stg_orders").aggregate("order_date, store_id, sum(amount) as gross", "order_date, store_id").fetchall()
    rows = []
    for order_date, store_id, gross in orders:
        net = float(gross) / (1 + vat_rate)
        rows.append(f"(DATE '{order_date}', {store_id}, {float(gross):.2f}, {net:.2f})")
    values = ", ".join(rows)
    return session.sql(f"select * from (values {values}) t(order_date, store_id, gross_revenue, net_revenue)")
