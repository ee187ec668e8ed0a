select
    refund_id,
    order_id,
    cast(refund_date as date) as refund_date,
    amount,
    reason,
    error_count
from read_csv_auto('/tmp/ind9/dbt/csv-placeholder-dash-varchar-sum/landing/refunds_*.csv', header = true)
