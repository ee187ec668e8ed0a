select payment_id, order_id, merchant_account, method, amount, settled_on
from {{ source('raw', 'payments') }}
