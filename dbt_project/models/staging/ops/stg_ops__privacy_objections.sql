with

source as (

    select * from {{ source('ops', 'raw_ops__privacy_objections') }}

),

renamed as (

    select
        contact_id,
        scope as objection_scope,
        source as objection_source,
        cast(recorded_at as {{ dbt.type_timestamp() }}) as objected_at,
        change_type,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
