-- Who got which arm of which test: one row per campaign x split node x contact (the
-- requirement's `ABTest` assignments, read by the experiments). The holdout is variant `holdout`.
-- EnrollFlow's splits come from the journeys (the variant the engine assigned) and the split
-- nodes of the campaign's versions; `assigned_at` is the earliest evidence of the assignment:
-- the first exported journey version or ledger row carrying the variant. The imported history's
-- tests have no split node in the CRM export: `split_node_id` is 'ab_test', the variant is the one
-- of the contact's emails (the history's SMS rows carry the control's id whatever the arm, so they
-- are not evidence) and `assigned_at` the contact's first email of the campaign; their holdouts
-- come from the CRM's campaign-member export (a `holdout` test, below). Contacts a split
-- held back (sent the winner once the test was decided) are left out: they were not randomised.
with split_variants as (
    select campaign_id, variant_id, min(split_node_id) as split_node_id
    from {{ ref('stg_ops__campaign_split_variants') }}
    group by campaign_id, variant_id
),

journey_evidence as (
    select campaign_id, contact_id, variant_id, min(updated_at) as seen_at
    from {{ ref('stg_ops__journeys') }}
    where variant_id is not null
    group by campaign_id, contact_id, variant_id
),

ledger_evidence as (
    select campaign_id, contact_id, variant_id, min(created_at) as seen_at
    from {{ ref('stg_ops__send_ledger') }}
    where variant_id is not null
    group by campaign_id, contact_id, variant_id
),

-- contacts a split held back until its test was decided (journey variant `held`, then
-- `held>W`): sent the winner afterwards, they are not part of the randomised test
held_back as (
    select distinct campaign_id, contact_id
    from {{ ref('stg_ops__journeys') }}
    where variant_id = 'held' or variant_id like 'held>%'
),

evidence as (
    select all_evidence.*
    from (
        select * from journey_evidence
        union all
        select * from ledger_evidence
    ) as all_evidence
    left join held_back
        on held_back.campaign_id = all_evidence.campaign_id
        and held_back.contact_id = all_evidence.contact_id
    where held_back.contact_id is null
),

enrollflow as (
    select
        evidence.contact_id,
        evidence.campaign_id,
        'enrollflow' as campaign_source,
        split_variants.split_node_id,
        evidence.variant_id as variant,
        min(evidence.seen_at) as assigned_at
    from evidence
    inner join split_variants
        on split_variants.campaign_id = evidence.campaign_id
        and split_variants.variant_id = evidence.variant_id
    group by
        evidence.contact_id, evidence.campaign_id, split_variants.split_node_id, evidence.variant_id
),

-- the global holdout (delivery/holdout.py): a campaign whose engine held contacts out of every
-- campaign has a `global_holdout` test: `holdout` (journey variant `global_holdout`) against
-- `treated` (every other contact the campaign admitted, its split holdout excepted)
global_campaigns as (
    select distinct campaign_id
    from {{ ref('stg_ops__journeys') }}
    where variant_id = 'global_holdout'
),

global_test as (
    select
        journeys.contact_id,
        journeys.campaign_id,
        'enrollflow' as campaign_source,
        'global_holdout' as split_node_id,
        case
            when max(case when journeys.variant_id = 'global_holdout' then 1 else 0 end) = 1
                then 'holdout'
            else 'treated'
        end as variant,
        min(journeys.updated_at) as assigned_at
    from {{ ref('stg_ops__journeys') }} as journeys
    inner join global_campaigns on global_campaigns.campaign_id = journeys.campaign_id
    group by journeys.contact_id, journeys.campaign_id
    having max(case when journeys.variant_id = 'holdout' then 1 else 0 end) = 0
),

imported as (
    select
        sends.contact_id,
        sends.campaign_id,
        'imported' as campaign_source,
        'ab_test' as split_node_id,
        min(sends.variant_id) as variant,
        min(sends.sent_at) as assigned_at
    from {{ ref('stg_ledger__sends') }} as sends
    inner join {{ ref('stg_marketing__campaigns') }} as campaigns
        on campaigns.campaign_id = sends.campaign_id
    where sends.variant_id is not null and campaigns.is_ab_test and sends.channel = 'email'
    group by sends.contact_id, sends.campaign_id
),

-- the imported history's holdouts: the CRM's campaign-member export lists every audience member
-- of a campaign as `targeted` or `holdout` (kept out of all its sends), split when the list was
-- built, before the first send: a `holdout` test per campaign, `treated` vs `holdout`, over the
-- whole audience (intention to treat: a targeted contact the sends never reached stays treated)
imported_holdout as (
    select
        members.contact_id,
        members.campaign_id,
        'imported' as campaign_source,
        'holdout' as split_node_id,
        case when max(case when members.is_holdout then 1 else 0 end) = 1
            then 'holdout' else 'treated' end as variant,
        min(members.added_at) as assigned_at
    from {{ ref('stg_marketing__campaign_members') }} as members
    group by members.contact_id, members.campaign_id
),

unioned as (
    select * from enrollflow
    union all
    select * from global_test
    union all
    select * from imported
    union all
    select * from imported_holdout
)

select
    cast(contact_id as {{ dbt.type_string() }}) as contact_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(split_node_id as {{ dbt.type_string() }}) as split_node_id,
    cast(variant as {{ dbt.type_string() }}) as variant,
    cast(assigned_at as timestamp) as assigned_at,
    cast(campaign_source as {{ dbt.type_string() }}) as campaign_source
from unioned
