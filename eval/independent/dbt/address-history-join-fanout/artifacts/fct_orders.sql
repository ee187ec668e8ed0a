select o.order_id, o.customer_id, o.order_date, o.amount, a.city, a.country
from {{ ref('stg_orders') }} o
left join {{ ref('stg_customer_addresses') }} a on a.customer_id = o.customer_id
