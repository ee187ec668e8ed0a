import sqlite3, os
os.makedirs("/tmp/h41-af/marts2", exist_ok=True)
con = sqlite3.connect("/tmp/h41-af/marts2/store_kpi.sqlite")
con.execute("CREATE TABLE IF NOT EXISTS store_kpis (kpi_date TEXT, store_id INTEGER, revenue REAL, baskets INTEGER, avg_items REAL)")
con.commit()
