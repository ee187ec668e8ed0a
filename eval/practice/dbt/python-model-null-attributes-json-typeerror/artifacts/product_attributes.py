import json


def model(dbt, session):
    """Flatten the catalogue's attributes JSON into colour / size / material columns."""
    dbt.config(materialized="table")
    cat = dbt.ref("stg_product_catalogue")
    out = []
    for sku, name, attributes, updated_at in cat.fetchall():
        attrs = json.loads(attributes)
        out.append((sku, name, attrs.get("colour"), attrs.get("size"), attrs.get("material")))
    session.execute("create or replace temp table _attr_out (sku varchar, product_name varchar, colour varchar, size varchar, material varchar)")
    session.executemany("insert into _attr_out values (?, ?, ?, ?, ?)", out)
    return session.sql("select * from _attr_out")
