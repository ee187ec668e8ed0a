select sale_id, store_id, sold_on, net_amount from {{ source('raw', 'pos_sales') }}
