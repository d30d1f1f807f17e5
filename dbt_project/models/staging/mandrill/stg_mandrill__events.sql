-- One row per raw message event (sync events are Mandrill's own lists, not messages: left out).
-- A retried POST repeats events with the same event_id; fct_message_events keeps the first.
with

source as (

    select * from {{ source('mandrill', 'raw_mandrill__events') }}
    where event is not null

),

renamed as (

    select
        event_id as mandrill_event_id,
        ledger_id as message_id,
        message_id as mandrill_message_id,
        event as event_type,
        cast(event_at as {{ dbt.type_timestamp() }}) as event_at,
        cast(received_at as {{ dbt.type_timestamp() }}) as received_at,
        lower(trim(email)) as email,
        campaign_id,
        contact_id,
        variant_id,
        url,
        user_agent,
        coalesce(bounce_description, diag) as reason

    from source

)

select * from renamed
