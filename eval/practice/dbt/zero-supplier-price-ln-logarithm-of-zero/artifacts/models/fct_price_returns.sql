-- Daily log-return of each sku's supplier list price, feeds the price-volatility dashboard.
select
    sku,
    price_date,
    unit_price,
    ln(unit_price / lag(unit_price) over (partition by sku order by price_date)) as log_return
from {{ ref('stg_supplier_prices') }}
