-- Twilio callbacks with a provider-neutral event_type, so SMS outcomes line up with email's:
-- sent -> processed, undelivered -> bounce, failed -> dropped, inbound STOP -> unsubscribe.
with

source as (

    select * from {{ source('twilio', 'raw_twilio__callbacks') }}

),

renamed as (

    select
        {{ dbt.concat([
            "_source_file", "':'", dbt.safe_cast("_line", dbt.type_string())
        ]) }} as callback_id,
        ledger_id as message_id,
        message_sid,
        kind as callback_kind,
        message_status,
        case
            when kind = 'inbound' and upper(coalesce(opt_out_type, '')) = 'STOP' then 'unsubscribe'
            when kind = 'inbound' and upper(coalesce(opt_out_type, '')) = 'START' then 'resubscribe'
            when kind = 'inbound' and upper(coalesce(opt_out_type, '')) = 'HELP' then 'help'
            when kind = 'inbound' then 'inbound_message'
            when message_status = 'sent' then 'processed'
            when message_status = 'undelivered' then 'bounce'
            when message_status = 'failed' then 'dropped'
            else message_status
        end as event_type,
        cast(received_at as {{ dbt.type_timestamp() }}) as event_at,
        cast(error_code as {{ dbt.type_string() }}) as error_code,
        from_number,
        to_number,
        body,
        upper(opt_out_type) as opt_out_type,
        cast(num_segments as {{ dbt.type_int() }}) as num_segments,
        account_sid,
        sms_sid

    from source

)

select * from renamed
