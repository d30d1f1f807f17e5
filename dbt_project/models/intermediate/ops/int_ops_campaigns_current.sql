-- One row per EnrollFlow campaign (the ops store's `campaigns`): its latest exported state joined
-- to the flattened file of its current version (KPIs, budget, channels, timeline) and that
-- version's latest approval. Row versions of the export are resolved here: the latest
-- `updated_at`, then the latest export, then `row_hash` (a version landed twice after a crash).
with campaign_rows as (
    select
        *,
        row_number() over (
            partition by campaign_id order by updated_at desc, exported_at desc, row_hash desc
        ) as version_rank
    from {{ ref('stg_ops__campaigns') }}
),

versions as (
    select
        *,
        row_number() over (
            partition by campaign_id, version order by exported_at desc, row_hash desc
        ) as export_rank
    from {{ ref('stg_ops__campaign_versions') }}
),

approvals as (
    select
        campaign_id,
        version,
        approved_by,
        approved_at,
        row_number() over (
            partition by campaign_id, version order by approved_at desc, approval_id desc
        ) as approval_rank
    from {{ ref('stg_ops__campaign_approvals') }}
)

select
    campaign_rows.campaign_id,
    campaign_rows.campaign_name,
    versions.campaign_type,
    versions.objective,
    campaign_rows.organisation,
    campaign_rows.owner,
    campaign_rows.campaign_status,
    campaign_rows.current_version,
    versions.channels,
    versions.budget_amount,
    versions.currency_code,
    versions.cost_per_email_amount,
    versions.cost_per_sms_amount,
    versions.start_at,
    versions.end_at,
    versions.target_conversion_rate,
    versions.target_cpa_amount,
    versions.conversion_window_days,
    versions.is_ab_test,
    versions.applied_at as version_applied_at,
    approvals.approved_by,
    approvals.approved_at,
    campaign_rows.created_at,
    campaign_rows.updated_at
from campaign_rows
inner join versions
    on versions.campaign_id = campaign_rows.campaign_id
    and versions.version = campaign_rows.current_version
    and versions.export_rank = 1
left join approvals
    on approvals.campaign_id = campaign_rows.campaign_id
    and approvals.version = campaign_rows.current_version
    and approvals.approval_rank = 1
where campaign_rows.version_rank = 1
