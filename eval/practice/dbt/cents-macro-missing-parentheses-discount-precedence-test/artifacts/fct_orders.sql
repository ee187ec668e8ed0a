select
    order_id,
    customer_id,
    {{ cents_to_eur('gross_cents') }}                  as gross_eur,
    {{ cents_to_eur('discount_cents') }}               as discount_eur,
    {{ cents_to_eur('gross_cents - discount_cents') }} as net_eur,
    ordered_on
from {{ source('raw', 'orders') }}
