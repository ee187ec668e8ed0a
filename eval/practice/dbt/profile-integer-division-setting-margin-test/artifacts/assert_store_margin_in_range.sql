-- every store's gross margin ratio should be between 5% and 60%
select store_id, margin_ratio
from {{ ref('store_margin') }}
where margin_ratio < 0.05 or margin_ratio > 0.60
