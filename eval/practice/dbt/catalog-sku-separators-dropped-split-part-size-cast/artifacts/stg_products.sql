-- SKU layout: <category>-<style number>-<size>, e.g. TSH-00042-38
select
    product_id,
    sku,
    split_part(sku, '-', 1)                    as category_code,
    split_part(sku, '-', 2)                    as style_number,
    cast(split_part(sku, '-', 3) as integer)   as size_code,
    name,
    list_price
from {{ source('raw', 'products') }}
