# Shop backend export for 2026-12-06: the backend released partial refunds, a new order status.
import os, random
random.seed(5)
os.makedirs("/tmp/pr35-data/airflow", exist_ok=True)
with open("/tmp/pr35-data/airflow/shop_orders_2026-12-06.csv", "w") as f:
    f.write("order_id,order_date,status,amount\n")
    for i in range(1, 2401):
        st = random.choice(["placed", "paid", "shipped", "delivered", "cancelled"])
        if i in (1733, 2101):
            st = "partially_refunded"
        f.write(f"{i},2026-12-06,{st},{random.randint(500, 40000) / 100}\n")
