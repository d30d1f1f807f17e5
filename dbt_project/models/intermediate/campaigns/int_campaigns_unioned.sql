-- Every campaign the marts know, one row each: the imported (simulated CRM) history from
-- stg_marketing__campaigns and EnrollFlow's own campaigns from the ops store, in one shape, with
-- `campaign_source` saying which. KPIs and budget are each campaign's own (an EnrollFlow campaign's
-- come from its current version's file). A campaign id in both sources fails the `unique` test:
-- its messages' ids (and so their provider events) could not be told apart.
with imported as (
    select
        campaign_id,
        'imported' as campaign_source,
        campaign_name,
        campaign_type,
        cast(null as {{ dbt.type_string() }}) as objective,
        cast(null as {{ dbt.type_string() }}) as organisation,
        cast(null as {{ dbt.type_string() }}) as owner,
        cast(null as {{ dbt.type_string() }}) as campaign_status,
        1 as current_version,
        channels,
        budget_amount,
        currency_code,
        cost_per_email_amount,
        cost_per_sms_amount,
        start_at,
        end_at,
        target_conversion_rate,
        target_cpa_amount,
        conversion_window_days,
        course_category,
        is_ab_test,
        cast(null as {{ dbt.type_string() }}) as approved_by,
        cast(null as {{ dbt.type_timestamp() }}) as approved_at,
        created_at
    from {{ ref('stg_marketing__campaigns') }}
),

enrollflow as (
    select
        campaign_id,
        'enrollflow' as campaign_source,
        campaign_name,
        campaign_type,
        objective,
        organisation,
        owner,
        campaign_status,
        current_version,
        channels,
        budget_amount,
        currency_code,
        cost_per_email_amount,
        cost_per_sms_amount,
        start_at,
        end_at,
        target_conversion_rate,
        target_cpa_amount,
        coalesce(conversion_window_days, {{ var('default_conversion_window_days') }})
            as conversion_window_days,
        cast(null as {{ dbt.type_string() }}) as course_category,
        coalesce(is_ab_test, false) as is_ab_test,
        approved_by,
        approved_at,
        created_at
    from {{ ref('int_ops_campaigns_current') }}
)

select * from imported
union all
select * from enrollflow
