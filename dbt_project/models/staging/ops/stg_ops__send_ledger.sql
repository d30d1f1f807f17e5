with

source as (

    select * from {{ source('ops', 'raw_ops__send_ledger') }}

),

renamed as (

    select
        ledger_id as message_id,
        campaign_id,
        step_id,
        contact_id,
        channel,
        cast(occurrence as {{ dbt.type_int() }}) as occurrence,
        variant_id,
        to_address,
        provider,
        state as send_state,
        cast(attempts as {{ dbt.type_int() }}) as attempts,
        content_sha256,
        provider_message_id,
        last_error,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        cast(sending_at as {{ dbt.type_timestamp() }}) as sending_at,
        cast(submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(completed_at as {{ dbt.type_timestamp() }}) as completed_at,
        cast(cost_amount as {{ type_double() }}) as cost_amount,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
