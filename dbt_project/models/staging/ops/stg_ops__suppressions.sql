with

source as (

    select * from {{ source('ops', 'raw_ops__suppressions') }}

),

renamed as (

    select
        channel,
        address,
        reason as suppression_reason,
        source as suppression_source,
        ledger_id,
        cast(created_at as {{ dbt.type_timestamp() }}) as suppressed_at,
        change_type,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
