-- Per contact, the objection / do-not-sell flags in force, from the ops store's
-- `privacy_objections` as exported (the latest change of each contact and scope, kept when it is
-- an upsert; a withdrawn or erased flag lands as a delete). `marketing`: no more marketing
-- (targeting); `sell_share` / `analytics`: not passed to third parties or analytics tools.
with changes as (
    select
        contact_id,
        objection_scope,
        change_type,
        row_number() over (
            partition by contact_id, objection_scope
            order by exported_at desc, change_type desc
        ) as recency_rank
    from {{ ref('stg_ops__privacy_objections') }}
)

select
    contact_id,
    max(case when objection_scope = 'marketing' then 1 else 0 end) = 1
        as has_objected_to_marketing,
    max(case when objection_scope in ('sell_share', 'analytics') then 1 else 0 end) = 1
        as has_objected_to_tracking
from changes
where recency_rank = 1 and change_type = 'upsert'
group by contact_id
