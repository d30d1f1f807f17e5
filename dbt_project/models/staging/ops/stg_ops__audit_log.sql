with

source as (

    select * from {{ source('ops', 'raw_ops__audit_log') }}

),

renamed as (

    select
        cast(audit_id as {{ dbt.type_bigint() }}) as audit_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        actor,
        action,
        subject,
        cast(detail as {{ dbt.type_string() }}) as detail,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
