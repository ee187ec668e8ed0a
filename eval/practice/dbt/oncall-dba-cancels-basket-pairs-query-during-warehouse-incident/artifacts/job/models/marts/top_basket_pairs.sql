select * from {{ ref('fct_basket_pairs') }}
order by baskets desc
limit 500
