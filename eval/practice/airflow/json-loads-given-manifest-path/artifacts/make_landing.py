"""Upstream stand-in for the Airflow cases: lands the files each DAG reads."""
import csv, io, json, os, random, sys, zipfile
random.seed(2828)
case = sys.argv[1]
L = "/tmp/pr28/landing"

def orders_rows(n, day):
    for i in range(n):
        q = random.randint(1, 4)
        yield [f"MP-{day.replace('-', '')}-{i:05d}", day, f"C{random.randint(1000, 9999)}", f"SKU-{random.randint(10000, 10999)}", q,
               f"{random.choice([4.99, 12.50, 19.90, 29.00, 64.95])}", "EUR"]

if case == "xlsx":
    d = f"{L}/partner_orders"; os.makedirs(d, exist_ok=True)
    hdr = ["order_id", "order_date", "customer_ref", "sku", "quantity", "unit_price", "currency"]
    with open(f"{d}/orders_2026-12-05.csv", "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(hdr); [w.writerow(r) for r in orders_rows(640, "2026-12-05")]
    # 2026-12-06: the partner's new back office exported the same table as a workbook, same file name
    rows = [hdr] + list(orders_rows(655, "2026-12-06"))
    def cell(c, v):
        return f'<c r="{c}" t="inlineStr"><is><t>{v}</t></is></c>'
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for ri, r in enumerate(rows, 1):
        sheet.append(f'<row r="{ri}">' + "".join(cell(f"{chr(65 + ci)}{ri}", v) for ci, v in enumerate(r)) + "</row>")
    sheet.append("</sheetData></worksheet>")
    with zipfile.ZipFile(f"{d}/orders_2026-12-06.csv", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="orders" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))

elif case == "manifest":
    d = f"{L}/payments/2026-12-06"; os.makedirs(d, exist_ok=True)
    parts, total = [], 0
    for p in range(4):
        name = f"payments_part{p:02d}.csv"; n = random.randint(2400, 2600); total += n
        with open(f"{d}/{name}", "w", newline="") as fh:
            w = csv.writer(fh); w.writerow(["payment_id", "order_id", "amount", "currency", "status"])
            for i in range(n):
                w.writerow([f"pay_{p}{i:06d}", 600000 + p * 10000 + i, f"{random.uniform(3, 300):.2f}", "EUR", "captured"])
        parts.append({"name": name, "rows": n})
    with open(f"{d}/manifest.json", "w") as fh:
        json.dump({"export_date": "2026-12-06", "psp": "paycore", "parts": parts, "total_rows": total}, fh, indent=2)

elif case == "wms_on_hand":
    d = f"{L}/wms"; os.makedirs(d, exist_ok=True)
    with open(f"{d}/on_hand_2026-12-06.csv", "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(["warehouse_id", "sku", "qty_on_hand"])
        for i in range(3000):
            w.writerow([random.choice(["WH-BER", "WH-HAM"]), f"SKU-{10000 + i}", random.randint(0, 500)])

elif case == "order_lines":
    d = f"{L}/shop"; os.makedirs(d, exist_ok=True)
    with open(f"{d}/order_lines_2026-12-06.csv", "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(["order_id", "line_no", "sku", "quantity", "unit_price", "order_date", "note"])
        oid = 3100000
        for i in range(14000):
            oid += 1
            for ln in range(1, random.randint(1, 4) + 1):
                w.writerow([oid, ln, f"SKU-{random.randint(10000, 19999)}", random.randint(1, 3), f"{random.uniform(2, 90):.2f}", "2026-12-06",
                            random.choice(["", "gift wrap requested", "leave at the door, ring twice please", "express delivery upgrade applied at checkout"])])

elif case == "cycle_counts":
    d = f"{L}/wms_counts"; os.makedirs(d, exist_ok=True)
    total = 0
    with open(f"{d}/cycle_count_20261206.csv", "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(["warehouse_id", "sku", "bin", "counted_qty", "counted_by"])
        for i in range(7400):
            q = random.randint(0, 60); total += q
            w.writerow([random.choice([3, 7, 12]), f"SKU-{random.randint(10000, 13000)}", f"{random.choice('ABCDEF')}-{random.randint(1, 40):02d}-{random.randint(1, 6)}", q, f"op{random.randint(100, 180)}"])
        w.writerow(["TOTAL", "", "", total, ""])  # WMS 9.2 appends a control-total footer

elif case == "settlement":
    d = f"{L}/acquirer"; os.makedirs(d, exist_ok=True)
    with open(f"{d}/settlement_2026-12-06.csv", "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(["settlement_id", "payment_ref", "merchant_id", "gross", "fee", "net"])
        for i in range(6000):
            g = round(random.uniform(5, 400), 2); f = round(g * 0.014 + 0.25, 2)
            w.writerow([f"st_{i:07d}", f"pay_{random.randint(10**6, 10**7)}", f"M{random.randint(100, 140)}", f"{g:.2f}", f"{f:.2f}", f"{g - f:.2f}"])
print("landed", case)
