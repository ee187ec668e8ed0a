"""Reserve stock for today's click & collect orders in the store stock table (shop_dw.stock_levels)."""
import logging
import time
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.cnc.reserve")


@dag(schedule="0 * * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=2)}, tags=["click_collect", "stock"])
def click_collect_reservations():
    @task
    def reserve_stock(ds=None):
        hook = PostgresHook(postgres_conn_id="shop_dw")
        conn = hook.get_conn()
        with conn.cursor() as cur:
            cur.execute("set transaction isolation level repeatable read")
            cur.execute("select order_id, store_id, sku, qty from cnc_orders where order_date = %s and reserved = false", (ds,))
            orders = cur.fetchall()
            log.info("%d open click&collect orders for %s", len(orders), ds)
            cur.execute("select store_id, sku, on_hand, reserved from stock_levels where store_id in (101, 102, 103)")
            stock = {(s, k): [oh, rs] for s, k, oh, rs in cur.fetchall()}
            log.info("stock snapshot: %d store/sku rows (isolation REPEATABLE READ)", len(stock))
            plan = []
            for i, (order_id, store_id, sku, qty) in enumerate(orders, 1):
                oh, rs = stock[(store_id, sku)]
                if oh - rs >= qty:
                    stock[(store_id, sku)][1] += qty
                    plan.append((order_id, store_id, sku, qty))
                if i % 40 == 0:
                    log.info("allocation progress %d/%d", i, len(orders))
                    time.sleep(1)  # per-batch call to the allocation rules cache
            log.info("allocation planned for %d orders; writing reservations", len(plan))
            for order_id, store_id, sku, qty in plan:
                cur.execute("update stock_levels set reserved = reserved + %s where store_id = %s and sku = %s",
                            (qty, store_id, sku))
                cur.execute("update cnc_orders set reserved = true where order_id = %s", (order_id,))
        conn.commit()
        log.info("reserved stock for %d orders", len(plan))
        return len(plan)

    reserve_stock()


click_collect_reservations()
