select
    settled_on,
    count(*) as payments,
    {{ payment_method_columns('amount') }}
from {{ ref('stg_payments') }}
group by settled_on
