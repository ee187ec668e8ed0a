select o.order_id, o.order_date, o.amount, o.currency,
       o.amount * fx.rate as amount_reporting,
       '{{ env_var("DBT_FX_BASE", "EUR") }}' as reporting_currency
from {{ ref('stg_orders') }} o
left join {{ source('raw', 'raw_fx_rates') }} fx
  on fx.from_currency = o.currency and fx.to_currency = '{{ env_var("DBT_FX_BASE", "EUR") }}'
