with

source as (

    select * from {{ source('ops', 'raw_ops__consent_ledger') }}

),

renamed as (

    select
        cast(consent_id as {{ dbt.type_bigint() }}) as consent_id,
        contact_id,
        channel,
        topic,
        status as consent_status,
        source as consent_source,
        wording_version,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(recorded_at as {{ dbt.type_timestamp() }}) as recorded_at,
        external_id,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
