import os
d = "/tmp/h39-stream/landing/returns"
os.makedirs(d, exist_ok=True)
for f in range(1, 6):
    with open(f"{d}/returns_20261207_{f:02d}.csv", "w") as fh:
        fh.write("return_id,order_id,sku,qty,reason\n")
        for i in range(50):
            fh.write(f"R-{f}{i:03d},O-{7000 + i},SKU-{i:05d},{1 + i % 3},{'damaged' if i % 4 else 'wrong size'}\n")
print("landed 5 return files in", d)
