-- Each enrollment matched, per campaign, to that campaign's latest outreach (send or ad click)
-- to the contact that happened before the enrollment and within the campaign's conversion window.
-- An enrollment can count for several campaigns, but only once per campaign.
with outreach as (
    select * from {{ ref('int_campaign_outreach_unioned') }}
),

enrollments as (
    select * from {{ ref('int_enrollments_netted') }}
),

candidates as (
    select
        outreach.outreach_id,
        outreach.outreach_type,
        outreach.campaign_id,
        outreach.channel,
        enrollments.enrollment_id,
        enrollments.contact_id,
        enrollments.enrolled_at,
        enrollments.revenue_amount,
        row_number() over (
            partition by outreach.campaign_id, enrollments.enrollment_id
            order by outreach.reached_at desc, outreach.outreach_id desc
        ) as recency_rank
    from enrollments
    inner join outreach
        on outreach.contact_id = enrollments.contact_id
        and outreach.reached_at <= enrollments.enrolled_at
        and enrollments.enrolled_at
            <= {{ dbt.dateadd('day', 'outreach.conversion_window_days', 'outreach.reached_at') }}
)

select
    outreach_id,
    outreach_type,
    campaign_id,
    channel,
    enrollment_id,
    contact_id,
    enrolled_at,
    revenue_amount
from candidates
where recency_rank = 1
