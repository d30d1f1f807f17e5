with

source as (

    select * from {{ source('ops', 'raw_ops__campaign_versions') }}

),

renamed as (

    select
        campaign_id,
        cast(version as {{ dbt.type_int() }}) as version,
        spec_sha256,
        source as source_file,
        applied_by,
        cast(applied_at as {{ dbt.type_timestamp() }}) as applied_at,
        campaign_name,
        campaign_type,
        objective,
        organisation,
        owner,
        cast(target_conversion_rate as {{ type_double() }}) as target_conversion_rate,
        cast(target_cpa_amount as {{ type_double() }}) as target_cpa_amount,
        cast(conversion_window_days as {{ dbt.type_int() }}) as conversion_window_days,
        cast(budget_amount as {{ type_double() }}) as budget_amount,
        upper(currency) as currency_code,
        cast(cost_per_email_amount as {{ type_double() }}) as cost_per_email_amount,
        cast(cost_per_sms_amount as {{ type_double() }}) as cost_per_sms_amount,
        cast(channels as {{ dbt.type_string() }}) as channels,
        cast(start_at as {{ dbt.type_timestamp() }}) as start_at,
        cast(end_at as {{ dbt.type_timestamp() }}) as end_at,
        organisation_timezone,
        cast(audience_segments as {{ dbt.type_string() }}) as audience_segments,
        cast(exit_on as {{ dbt.type_string() }}) as exit_on,
        cast(is_ab_test as {{ dbt.type_boolean() }}) as is_ab_test,
        cast(workflow_node_count as {{ dbt.type_int() }}) as workflow_node_count,
        cast(spec_json as {{ dbt.type_string() }}) as spec_json,
        row_hash,
        cast(exported_at as {{ dbt.type_timestamp() }}) as exported_at,
        _partition_date as landed_on

    from source

)

select * from renamed
