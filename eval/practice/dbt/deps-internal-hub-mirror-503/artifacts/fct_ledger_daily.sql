select {{ dbt_utils.generate_surrogate_key(['account', 'posting_date']) }} as ledger_day_key, 1 as dummy
