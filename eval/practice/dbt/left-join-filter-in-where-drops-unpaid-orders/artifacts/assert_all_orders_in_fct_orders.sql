-- fct_orders must carry every staged order (paid or not)
select s.order_id from {{ ref('stg_orders') }} s
left join {{ ref('fct_orders') }} f on f.order_id = s.order_id
where f.order_id is null
