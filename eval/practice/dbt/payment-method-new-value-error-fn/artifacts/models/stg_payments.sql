-- Map PSP payment methods to finance buckets; unknown methods must stop the build.
select
    payment_id,
    order_id,
    amount,
    case payment_method
        when 'card' then 'card'
        when 'paypal' then 'wallet'
        when 'apple_pay' then 'wallet'
        when 'bank_transfer' then 'bank'
        else error('unmapped payment_method: ' || payment_method)
    end as payment_bucket
from {{ source('psp', 'payments') }}
