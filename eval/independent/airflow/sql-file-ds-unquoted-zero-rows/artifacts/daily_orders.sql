-- daily extract of settled orders for the finance feed
SELECT order_id,
       store_id,
       order_date,
       amount,
       status
FROM orders
WHERE order_date = {{ ds }}
  AND status IN ('paid', 'shipped')
ORDER BY order_id
