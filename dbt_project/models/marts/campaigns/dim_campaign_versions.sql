-- One row per campaign version: the requirement's `CampaignWorkflow`. An EnrollFlow campaign gets
-- a row for every version applied (its file flattened: KPIs, budget, channels, timeline, the
-- workflow's size and hash), valid from its `applied_at` until the next version's; an imported
-- campaign has one version, valid from its creation.
with versions as (
    select
        *,
        row_number() over (
            partition by campaign_id, version order by exported_at desc, row_hash desc
        ) as export_rank
    from {{ ref('stg_ops__campaign_versions') }}
),

enrollflow as (
    select
        versions.campaign_id,
        'enrollflow' as campaign_source,
        versions.version,
        versions.campaign_name,
        versions.campaign_type,
        versions.objective,
        versions.target_conversion_rate,
        versions.target_cpa_amount,
        versions.conversion_window_days,
        versions.budget_amount,
        versions.currency_code,
        versions.channels,
        versions.start_at,
        versions.end_at,
        versions.is_ab_test,
        versions.workflow_node_count,
        versions.spec_sha256,
        versions.applied_by,
        versions.applied_at as valid_from,
        lead(versions.applied_at) over (
            partition by versions.campaign_id order by versions.version
        ) as valid_to
    from versions
    where versions.export_rank = 1
),

imported as (
    select
        campaign_id,
        'imported' as campaign_source,
        1 as version,
        campaign_name,
        campaign_type,
        cast(null as {{ dbt.type_string() }}) as objective,
        target_conversion_rate,
        target_cpa_amount,
        conversion_window_days,
        budget_amount,
        currency_code,
        channels,
        start_at,
        end_at,
        is_ab_test,
        cast(null as integer) as workflow_node_count,
        cast(null as {{ dbt.type_string() }}) as spec_sha256,
        cast(null as {{ dbt.type_string() }}) as applied_by,
        coalesce(created_at, start_at) as valid_from,
        cast(null as {{ dbt.type_timestamp() }}) as valid_to
    from {{ ref('stg_marketing__campaigns') }}
),

unioned as (
    select * from enrollflow
    union all
    select * from imported
)

select
    cast(campaign_id || ':' || cast(version as {{ dbt.type_string() }}) as {{ dbt.type_string() }})
        as campaign_version_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(campaign_source as {{ dbt.type_string() }}) as campaign_source,
    cast(version as integer) as version,
    valid_to is null as is_current,
    cast(campaign_name as {{ dbt.type_string() }}) as campaign_name,
    cast(campaign_type as {{ dbt.type_string() }}) as campaign_type,
    cast(objective as {{ dbt.type_string() }}) as objective,
    cast(target_conversion_rate as {{ type_double() }}) as target_conversion_rate,
    cast(target_cpa_amount as {{ type_double() }}) as target_cpa_amount,
    cast(conversion_window_days as integer) as conversion_window_days,
    cast(budget_amount as {{ type_double() }}) as budget_amount,
    cast(currency_code as {{ dbt.type_string() }}) as currency_code,
    cast(channels as {{ dbt.type_string() }}) as channels,
    cast(start_at as timestamp) as start_at,
    cast(end_at as timestamp) as end_at,
    cast(is_ab_test as boolean) as is_ab_test,
    cast(workflow_node_count as integer) as workflow_node_count,
    cast(spec_sha256 as {{ dbt.type_string() }}) as spec_sha256,
    cast(applied_by as {{ dbt.type_string() }}) as applied_by,
    cast(valid_from as timestamp) as valid_from,
    cast(valid_to as timestamp) as valid_to
from unioned
