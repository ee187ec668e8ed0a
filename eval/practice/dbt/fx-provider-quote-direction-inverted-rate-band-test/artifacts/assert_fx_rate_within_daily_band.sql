-- A reference rate should not move more than 10% from one business day to the next.
with r as (
    select rate_date, currency, rate_to_eur,
           lag(rate_to_eur) over (partition by currency order by rate_date) as prev_rate
    from {{ ref('fct_fx_rates') }}
)
select rate_date, currency, prev_rate, rate_to_eur,
       round(rate_to_eur / prev_rate, 4) as ratio
from r
where prev_rate is not null
  and abs(rate_to_eur / prev_rate - 1) > 0.10
