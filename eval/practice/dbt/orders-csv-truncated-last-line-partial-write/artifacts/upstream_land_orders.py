# Upstream drop: the SFTP transfer of orders_2026-12-06.csv was still running when dbt started,
# so the file ends in the middle of a row.
import os, random
random.seed(11)
os.makedirs("/tmp/pr35-dbt-orders/landing", exist_ok=True)
lines = ["order_id,customer_id,order_date,status,amount"]
lines += [f"{i},{random.randint(1, 900)},2026-12-06,{random.choice(['placed', 'shipped', 'delivered'])},{random.randint(100, 30000) / 100}" for i in range(1, 4001)]
data = "\n".join(lines) + "\n"
cut = data.rfind("\n", 0, len(data) - 1) + 9   # cut inside the last row
with open("/tmp/pr35-dbt-orders/landing/orders_2026-12-06.csv", "w") as f:
    f.write(data[:cut])
print(f"landed {cut} bytes (transfer in progress)")
