-- One row per raw webhook event: SendGrid's repeated deliveries of the same sg_event_id are kept
-- here and removed in the marts (fct_message_events).
with

source as (

    select * from {{ source('sendgrid', 'raw_sendgrid__events') }}

),

renamed as (

    select
        sg_event_id,
        ledger_id as message_id,
        sg_message_id,
        event as event_type,
        cast(event_at as {{ dbt.type_timestamp() }}) as event_at,
        cast(received_at as {{ dbt.type_timestamp() }}) as received_at,
        lower(trim(email)) as email,
        campaign_id,
        contact_id,
        variant_id,
        smtp_id,
        cast(category as {{ dbt.type_string() }}) as categories,
        useragent as user_agent,
        ip as ip_address,
        url,
        reason,
        cast(status as {{ dbt.type_string() }}) as smtp_status,
        type as bounce_type,
        response,
        cast(attempt as {{ dbt.type_int() }}) as attempt,
        cast(asm_group_id as {{ dbt.type_int() }}) as asm_group_id,
        coalesce(cast(sg_machine_open as {{ dbt.type_boolean() }}), false) as is_machine_open

    from source

)

select * from renamed
