-- basket features for the propensity model: log-scaled quantities damp the effect of bulk buyers
select
    basket_id,
    store_id,
    count(*) as lines,
    sum(qty) as units,
    round(sum(ln(qty)), 4) as log_units,
    round(avg(ln(line_amount / qty)), 4) as avg_log_unit_price
from {{ ref('stg_basket_lines') }}
group by 1, 2
