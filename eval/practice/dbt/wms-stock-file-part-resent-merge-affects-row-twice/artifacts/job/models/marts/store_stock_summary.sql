select store_id, count(*) as skus, sum(on_hand) as units_on_hand, max(loaded_at) as as_of
from {{ ref('fct_store_stock') }}
group by 1
