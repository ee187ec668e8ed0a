import csv, os
os.makedirs("/tmp/h55-data/reference", exist_ok=True)
with open("/tmp/h55-data/reference/stores.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["store_id", "store_name", "region", "opened_on"])
    for i in range(24):
        w.writerow([f"S{100 + i}", f"Store {100 + i}", ["north", "south", "east", "west"][i % 4], f"20{10 + i % 14}-03-01"])
print("wrote reference/stores.csv")
