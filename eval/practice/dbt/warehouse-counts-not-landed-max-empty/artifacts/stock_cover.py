"""Stock cover per active warehouse for the run date: SKUs counted, units on hand, largest position."""


def model(dbt, session):
    dbt.config(materialized="table")
    run_date = dbt.config.get("run_date")
    warehouses = [r[0] for r in dbt.ref("stg_warehouses").filter("active").project("warehouse_id").fetchall()]
    counts = dbt.ref("stg_stock_counts").filter(f"count_date = DATE '{run_date}'").project("warehouse_id, sku, on_hand").fetchall()
    rows = []
    for wh in warehouses:
        wh_counts = [r for r in counts if r[0] == wh]
        units = sum(r[2] for r in wh_counts)
        largest = max(r[2] for r in wh_counts)
        rows.append(f"('{wh}', {len(wh_counts)}, {units}, {largest})")
    values = ", ".join(rows)
    return session.sql(
        f"select DATE '{run_date}' as count_date, * from (values {values}) t(warehouse_id, skus_counted, units_on_hand, largest_position)"
    )
