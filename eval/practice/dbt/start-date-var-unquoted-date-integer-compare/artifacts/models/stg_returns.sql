select r as return_id, 5000 + r as order_id, date '2026-11-20' + (r % 20)::int as return_date, (r % 90) + 9.99 as refund_amount
from range(1, 400) t(r)
