select account_id,
       plan,
       seats::integer as seats,
       seats::integer * price_per_seat as mrr
from {{ source('raw', 'subscriptions') }}
