"""What the supplier's SFTP drop looked like: yesterday a plain CSV, today gzip bytes under a .csv name."""
import csv, gzip, io, os, random
random.seed(46)
d = "/tmp/h46-landing/sftp/acme_tools"
os.makedirs(d, exist_ok=True)
def body():
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["supplier_sku", "description", "unit_price", "currency", "valid_from"])
    for i in range(1800):
        w.writerow([f"AT-{10000+i}", f"tool part {i}", f"{random.uniform(0.5, 400):.2f}", "EUR", "2026-12-06"])
    return buf.getvalue().encode()
open(f"{d}/price_list_2026-12-05.csv", "wb").write(body())
with open(f"{d}/price_list_2026-12-06.csv", "wb") as fh:
    fh.write(gzip.compress(body()))
for f in sorted(os.listdir(d)):
    print(f, os.path.getsize(f"{d}/{f}"))
