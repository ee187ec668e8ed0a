-- Top 100 customers by lifetime value for the CRM "VIP" audience.
-- Refactor (PR #233): lifetime_value no longer exported to the audience file, dropped from the select list.
with ltv as (
    select customer_id, sum(amount) as lifetime_value
    from {{ ref('stg_orders') }}
    group by customer_id
)
select distinct
    c.customer_id,
    c.customer_name,
    c.country
from ltv
join {{ source('raw', 'customers') }} as c using (customer_id)
order by ltv.lifetime_value desc
limit 100
