{{ config(materialized='table') }}
select
    sensor_id,
    line_id,
    cast(read_at as timestamp) as read_at,
    cast(value as double) as value
from {{ source('raw', 'sensor_readings') }}
