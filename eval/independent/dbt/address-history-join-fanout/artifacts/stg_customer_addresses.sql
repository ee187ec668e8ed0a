select customer_id, city, country, valid_from, is_current from {{ source('raw', 'raw_customer_addresses') }}
