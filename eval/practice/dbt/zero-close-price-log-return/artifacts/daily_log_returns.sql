with px as (
    select ticker, trade_date, close_price,
           lag(close_price) over (partition by ticker order by trade_date) as prev_close
    from {{ source('raw', 'prices') }}
)
select ticker, trade_date, close_price,
       ln(close_price / prev_close) as log_return
from px
where prev_close is not null
