with

source as (

    select * from {{ source('ledger', 'raw_ledger__sends') }}

),

renamed as (

    select
        ledger_id as message_id,
        campaign_id,
        step_id,
        variant_id,
        contact_id,
        channel,
        cast(occurrence as {{ dbt.type_int() }}) as occurrence,
        to_address,
        cast(sent_at as {{ dbt.type_timestamp() }}) as sent_at,
        provider,
        provider_message_id,
        cast(cost_amount as {{ type_double() }}) as cost_amount,
        state as send_state

    from source

)

select * from renamed
