-- Current consent per contact and channel as of `as_of`: the latest consent event wins, whether
-- the CRM recorded it or EnrollFlow did (an unsubscribe link, a STOP, a START: the ops store's
-- consent_events); ties broken by source then consent_event_id. consented_at is when the current
-- grant was given.
with as_of as (
    select as_of_at from {{ ref('int_as_of_resolved') }}
),

consent_events as (
    select
        contact_id,
        channel,
        is_granted,
        occurred_at,
        0 as source_rank,
        cast(consent_event_id as {{ dbt.type_string() }}) as consent_event_id
    from {{ ref('stg_crm__consent_events') }}
    union all
    select
        contact_id,
        channel,
        consent_status = 'granted' as is_granted,
        occurred_at,
        1 as source_rank,
        cast(consent_event_id as {{ dbt.type_string() }}) as consent_event_id
    from {{ ref('stg_ops__consent_events') }}
    where contact_id is not null
),

ranked as (
    select
        consent.contact_id,
        consent.channel,
        consent.is_granted,
        consent.occurred_at,
        row_number() over (
            partition by consent.contact_id, consent.channel
            order by consent.occurred_at desc, consent.source_rank desc, consent.consent_event_id desc
        ) as recency_rank
    from consent_events as consent
    cross join as_of
    where consent.occurred_at <= as_of.as_of_at
)

select
    contact_id,
    channel,
    is_granted,
    case when is_granted then occurred_at end as consented_at,
    occurred_at as changed_at
from ranked
where recency_rank = 1
