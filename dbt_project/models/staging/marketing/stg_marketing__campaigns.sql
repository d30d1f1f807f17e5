with

source as (

    select * from {{ source('marketing', 'raw_marketing__campaigns') }}

),

renamed as (

    select
        campaign_id,
        name as campaign_name,
        campaign_type,
        cast(channels as {{ dbt.type_string() }}) as channels,
        cast(budget_amount as {{ type_double() }}) as budget_amount,
        upper(currency) as currency_code,
        cast(cost_per_email_amount as {{ type_double() }}) as cost_per_email_amount,
        cast(cost_per_sms_amount as {{ type_double() }}) as cost_per_sms_amount,
        cast(start_at as {{ dbt.type_timestamp() }}) as start_at,
        cast(end_at as {{ dbt.type_timestamp() }}) as end_at,
        cast(target_conversion_rate as {{ type_double() }}) as target_conversion_rate,
        cast(target_cpa_amount as {{ type_double() }}) as target_cpa_amount,
        cast(
            coalesce(conversion_window_days, {{ var('default_conversion_window_days') }})
            as {{ dbt.type_int() }}
        ) as conversion_window_days,
        course_category,
        coalesce(cast(is_ab_test as {{ dbt.type_boolean() }}), false) as is_ab_test,
        cast(variants as {{ dbt.type_string() }}) as variants,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at

    from source

)

select * from renamed
