export DBT_FX_BASE=usd   # in the environment dbt ran with
