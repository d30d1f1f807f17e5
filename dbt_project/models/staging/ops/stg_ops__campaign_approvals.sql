with

source as (

    select * from {{ source('ops', 'raw_ops__campaign_approvals') }}

),

renamed as (

    select
        cast(approval_id as {{ dbt.type_bigint() }}) as approval_id,
        campaign_id,
        cast(version as {{ dbt.type_int() }}) as version,
        approver as approved_by,
        cast(audience_size as {{ dbt.type_int() }}) as audience_size,
        cast(approved_at as {{ dbt.type_timestamp() }}) as approved_at,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
