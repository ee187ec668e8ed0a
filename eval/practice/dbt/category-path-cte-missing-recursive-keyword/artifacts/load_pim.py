"""Upstream stand-in: the PIM export of categories and products."""
import duckdb, random
con = duckdb.connect("/tmp/h41-dbt-catalog/warehouse.duckdb")
con.execute("create schema if not exists raw")
cats = [(1, None, "Home"), (2, None, "Garden"), (3, 1, "Kitchen"), (4, 3, "Knives"), (5, 3, "Pans"), (6, 2, "Tools"), (7, 6, "Shears"), (8, 4, "Chef knives ")]
con.execute("create or replace table raw.categories (category_id int, parent_category_id int, category_name varchar)")
con.executemany("insert into raw.categories values (?, ?, ?)", cats)
rnd = random.Random(5)
con.execute("create or replace table raw.products (product_id int, product_name varchar, category_id int)")
con.executemany("insert into raw.products values (?, ?, ?)", [(i, f"Product {i}", rnd.randint(1, 8)) for i in range(1, 501)])
print("loaded", len(cats), "categories and 500 products")
