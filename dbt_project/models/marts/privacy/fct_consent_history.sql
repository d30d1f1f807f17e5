-- Every consent grant and withdrawal per contact, channel and topic, with where it came from
-- (its provenance) and how long it held: valid from occurred_at until the next decision for the
-- same contact, channel and topic. Today from the CRM's consent export; the ops store's consent
-- ledger (preference centre, double opt-in, SMS keywords) joins here once it is exported to the
-- warehouse. No addresses: the contact id is the key.

with

events as (

    select * from {{ ref('stg_crm__consent_events') }}

),

decisions as (

    select
        consent_event_id,
        contact_id,
        channel,
        cast('marketing' as {{ dbt.type_string() }}) as topic,
        case when is_granted then 'granted' else 'withdrawn' end as consent_status,
        consent_source,
        cast('crm' as {{ dbt.type_string() }}) as recorded_in,
        occurred_at,
        lead(occurred_at) over (
            partition by contact_id, channel
            order by occurred_at, consent_event_id
        ) as valid_to

    from events

)

select
    consent_event_id,
    contact_id,
    channel,
    topic,
    consent_status,
    consent_source,
    recorded_in,
    occurred_at,
    valid_to,
    valid_to is null as is_current

from decisions
