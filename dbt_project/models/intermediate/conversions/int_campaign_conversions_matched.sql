{{ config(materialized='table') }}
-- Each enrollment credited once: to the latest outreach (send or ad click, of any campaign) that
-- reached the contact before the enrollment and within that outreach's campaign conversion window.
-- Summed over campaigns, credited conversions and revenue never exceed the real enrollments; the
-- multi-touch view (several campaigns sharing one enrollment) is fct_campaign_attribution's job.
-- A table: fct_sends reads it twice and fct_campaign_performance once.
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
            partition by enrollments.enrollment_id
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
