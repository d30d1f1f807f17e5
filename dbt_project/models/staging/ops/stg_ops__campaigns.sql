with

source as (

    select * from {{ source('ops', 'raw_ops__campaigns') }}

),

renamed as (

    select
        campaign_id,
        organisation,
        name as campaign_name,
        owner,
        status as campaign_status,
        cast(current_version as {{ dbt.type_int() }}) as current_version,
        cast(audience_size as {{ dbt.type_int() }}) as audience_size,
        status_reason,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
