select
    a.account_id,
    a.country,
    sum(s.mrr_cents) / 100.0 + coalesce(max(l.migrated_mrr_cents), 0) / 100.0 as mrr
from {{ ref('stg_accounts') }} a
join {{ ref('stg_subscriptions') }} s using (account_id)
left join {{ ref('stg_legacy_accounts') }} l using (account_id)
group by 1, 2
