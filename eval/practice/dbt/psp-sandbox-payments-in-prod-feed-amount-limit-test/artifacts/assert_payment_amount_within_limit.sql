-- A single card payment above the PSP's hard limit of 50,000 EUR cannot be real.
select payment_id, merchant_account, amount
from {{ ref('stg_payments') }}
where amount > 50000
