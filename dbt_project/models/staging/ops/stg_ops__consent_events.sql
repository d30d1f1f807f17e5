with

source as (

    select * from {{ source('ops', 'raw_ops__consent_events') }}

),

renamed as (

    select
        cast(consent_event_id as {{ dbt.type_bigint() }}) as consent_event_id,
        contact_id,
        channel,
        address,
        status as consent_status,
        source as consent_source,
        ledger_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
