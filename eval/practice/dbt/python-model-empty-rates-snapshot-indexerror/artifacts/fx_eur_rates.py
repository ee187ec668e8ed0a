def model(dbt, session):
    """Latest EUR rate per currency from the day's FX snapshot (one row per currency)."""
    dbt.config(materialized="table")
    snap = dbt.ref("stg_fx_rates")
    rows = snap.order("loaded_at desc").fetchall()
    # the latest load of the day defines the reference timestamp for all currencies
    latest_loaded_at = rows[0][3]
    current = [(r[0], r[1], r[2]) for r in rows if r[3] == latest_loaded_at]
    session.execute("create or replace temp table _fx_out (snapshot_date date, currency varchar, rate_to_eur double)")
    session.executemany("insert into _fx_out values (?, ?, ?)", current)
    return session.sql("select * from _fx_out")
