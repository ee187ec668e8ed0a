-- net revenue can never exceed gross revenue
select order_id, gross_eur, discount_eur, net_eur
from {{ ref('fct_orders') }}
where net_eur > gross_eur
