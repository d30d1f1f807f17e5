-- Every consent grant and withdrawal per contact, channel and topic, with where it came from
-- (its provenance) and how long it held: valid from occurred_at until the next decision for the
-- same contact, channel and topic. Two recorders: the CRM's consent export, and EnrollFlow's own
-- consent ledger exported from the ops store (preference centre, double opt-in, SMS keywords,
-- unsubscribe links, admin), with the wording version shown. The ledger's `import` rows are the
-- CRM's own events copied in, already counted from the CRM. Ledger rows without a contact id
-- (a web sign-up not matched to a contact yet) wait until they have one. No addresses: the
-- contact id is the key.

with

crm as (

    select
        cast(consent_event_id as {{ dbt.type_string() }}) as consent_event_id,
        contact_id,
        channel,
        cast('marketing' as {{ dbt.type_string() }}) as topic,
        case when is_granted then 'granted' else 'withdrawn' end as consent_status,
        consent_source,
        cast(null as {{ dbt.type_string() }}) as wording_version,
        cast('crm' as {{ dbt.type_string() }}) as recorded_in,
        occurred_at
    from {{ ref('stg_crm__consent_events') }}

),

ledger_versions as (

    select
        *,
        row_number() over (
            partition by consent_id order by exported_at desc, row_hash
        ) as version_rank
    from {{ ref('stg_ops__consent_ledger') }}
    where contact_id is not null and consent_source <> 'import'

),

enrollflow as (

    select
        'ops:' || cast(consent_id as {{ dbt.type_string() }})
            as consent_event_id,
        contact_id,
        channel,
        topic,
        consent_status,
        consent_source,
        wording_version,
        cast('enrollflow' as {{ dbt.type_string() }}) as recorded_in,
        occurred_at
    from ledger_versions
    where version_rank = 1

),

events as (

    select * from crm
    union all
    select * from enrollflow

),

decisions as (

    select
        *,
        lead(occurred_at) over (
            partition by contact_id, channel, topic
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
    wording_version,
    recorded_in,
    occurred_at,
    valid_to,
    valid_to is null as is_current

from decisions
