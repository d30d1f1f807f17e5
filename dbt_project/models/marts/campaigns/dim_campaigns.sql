-- One row per campaign, whichever system ran it: the requirement's `Campaign`. EnrollFlow's
-- campaigns (campaign_source = 'enrollflow') carry their current version's file (type, objective,
-- KPIs, budget, channels, timeline), owner, organisation, status and approval; the imported
-- history ('imported') what the CRM export holds.
select
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(campaign_source as {{ dbt.type_string() }}) as campaign_source,
    cast(campaign_name as {{ dbt.type_string() }}) as campaign_name,
    cast(campaign_type as {{ dbt.type_string() }}) as campaign_type,
    cast(objective as {{ dbt.type_string() }}) as objective,
    cast(organisation as {{ dbt.type_string() }}) as organisation,
    cast(owner as {{ dbt.type_string() }}) as owner,
    cast(campaign_status as {{ dbt.type_string() }}) as campaign_status,
    cast(current_version as integer) as current_version,
    cast(channels as {{ dbt.type_string() }}) as channels,
    cast(budget_amount as {{ type_double() }}) as budget_amount,
    cast(currency_code as {{ dbt.type_string() }}) as currency_code,
    cast(cost_per_email_amount as {{ type_double() }}) as cost_per_email_amount,
    cast(cost_per_sms_amount as {{ type_double() }}) as cost_per_sms_amount,
    cast(start_at as timestamp) as start_at,
    cast(end_at as timestamp) as end_at,
    cast(target_conversion_rate as {{ type_double() }}) as target_conversion_rate,
    cast(target_cpa_amount as {{ type_double() }}) as target_cpa_amount,
    cast(conversion_window_days as integer) as conversion_window_days,
    cast(course_category as {{ dbt.type_string() }}) as course_category,
    cast(is_ab_test as boolean) as is_ab_test,
    cast(approved_by as {{ dbt.type_string() }}) as approved_by,
    cast(approved_at as timestamp) as approved_at,
    cast(created_at as timestamp) as created_at
from {{ ref('int_campaigns_unioned') }}
