def model(dbt, session):
    dbt.config(materialized="table")
    rows = dbt.ref("raw_line_items").order("line_id").fetchall()
    parsed = []
    for line_id, order_id, item in rows:
        sku, qty = item.split("|")
        parsed.append(f"({line_id}, {order_id}, '{sku}', {int(qty)})")
    values = ",\n".join(parsed)
    return session.sql(f"select * from (values {values}) as t(line_id, order_id, sku, qty)")
