select
    order_id,
    marketplace,
    ordered_at,
    status,
    gross_amount
from read_csv(
    '{{ env_var("SHOPOPS_LANDING") }}/marketplace_orders_*.csv',
    header = true,
    columns = {
        'order_id': 'BIGINT',
        'marketplace': 'VARCHAR',
        'ordered_at': 'TIMESTAMP',
        'status': 'VARCHAR',
        'gross_amount': 'DECIMAL(12,2)'
    }
)
