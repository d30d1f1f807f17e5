-- Twilio link shortening clicks (the webhooks app's POST /twilio/clicks), one row per landed POST;
-- clicked_at falls back to the arrival when Twilio sent no click_time.
with

source as (

    select * from {{ source('twilio', 'raw_twilio__clicks') }}

),

renamed as (

    select
        {{ dbt.concat([
            "_source_file", "':'", dbt.safe_cast("_line", dbt.type_string())
        ]) }} as click_row_id,
        click_id,
        message_sid,
        link as url,
        cast(coalesce(clicked_at, received_at) as {{ dbt.type_timestamp() }}) as clicked_at,
        cast(received_at as {{ dbt.type_timestamp() }}) as received_at,
        messaging_service_sid,
        account_sid

    from source

)

select * from renamed
