with

source as (

    select * from {{ source('ops', 'raw_ops__campaign_split_variants') }}

),

renamed as (

    select
        campaign_id,
        cast(version as {{ dbt.type_int() }}) as version,
        split_node_id,
        variant_id,
        cast(weight as {{ type_double() }}) as weight,
        cast(traffic_share as {{ type_double() }}) as traffic_share,
        next_node_id,
        cast(is_holdout as {{ dbt.type_boolean() }}) as is_holdout,
        cast(applied_at as {{ dbt.type_timestamp() }}) as applied_at,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
