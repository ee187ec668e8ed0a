-- daily net revenue by channel
-- 2026-12-06: only count refunds that were approved (ticket DATA-1893)
SELECT l.channel,
       DATE '${ds}'                        AS revenue_date,
       SUM(l.quantity * l.unit_price)      AS gross,
       SUM(COALESCE(r.amount, 0))          AS refunded,
       SUM(l.quantity * l.unit_price) - SUM(COALESCE(r.amount, 0)) AS net
FROM order_lines l
LEFT JOIN refunds r
  ON r.order_id = l.order_id
 AND r.line_no = l.line_no
 AND
WHERE l.status <> 'cancelled'
GROUP BY l.channel
