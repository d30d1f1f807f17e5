-- Current consent per contact and channel as of `as_of`: the latest consent event wins
-- (ties broken by consent_event_id). consented_at is when the current grant was given.
with as_of as (
    select as_of_at from {{ ref('int_as_of_resolved') }}
),

ranked as (
    select
        consent.contact_id,
        consent.channel,
        consent.is_granted,
        consent.occurred_at,
        row_number() over (
            partition by consent.contact_id, consent.channel
            order by consent.occurred_at desc, consent.consent_event_id desc
        ) as recency_rank
    from {{ ref('stg_crm__consent_events') }} as consent
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
