with

source as (

    select * from {{ source('ops', 'raw_ops__journeys') }}

),

renamed as (

    select
        campaign_id,
        contact_id,
        cast(occurrence as {{ dbt.type_int() }}) as occurrence,
        node_id,
        status as journey_status,
        cast(due_at as {{ dbt.type_timestamp() }}) as due_at,
        variant_id,
        cast(waiting_since as {{ dbt.type_timestamp() }}) as waiting_since,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        exit_reason,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
