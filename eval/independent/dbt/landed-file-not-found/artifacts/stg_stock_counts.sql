select
    warehouse_id::integer as warehouse_id,
    sku,
    on_hand::integer as on_hand,
    counted_at::timestamp as counted_at
from read_csv('{{ var("landing_dir") }}/stock_counts_{{ var("run_date") }}.csv', header = true, all_varchar = true)
