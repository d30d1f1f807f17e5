-- One row per learner (a contact with at least one enrollment): the acquisition (cohort) month
-- of their first enrollment, and the channel and campaign type of their first marketing touch
-- before that enrollment ('none' when there was no touch, 'unknown' campaign type when the first
-- touch belongs to no campaign).
with firsts as (
    select
        contact_id,
        min(enrolled_at) as first_enrolled_at
    from {{ ref('int_enrollments_netted') }}
    group by contact_id
),

first_touches as (
    select
        touches.contact_id,
        touches.channel,
        touches.campaign_id,
        row_number() over (
            partition by touches.contact_id order by touches.touch_at, touches.touchpoint_id
        ) as touch_rank
    from {{ ref('fct_touchpoints') }} as touches
    inner join firsts
        on firsts.contact_id = touches.contact_id
        and touches.touch_at <= firsts.first_enrolled_at
)

select
    firsts.contact_id,
    cast({{ dbt.date_trunc('month', 'firsts.first_enrolled_at') }} as date) as cohort_month,
    coalesce(first_touches.channel, 'none') as first_touch_channel,
    case
        when first_touches.contact_id is null then 'none'
        else coalesce(campaigns.campaign_type, 'unknown')
    end as first_touch_campaign_type
from firsts
left join first_touches
    on first_touches.contact_id = firsts.contact_id and first_touches.touch_rank = 1
left join {{ ref('int_campaigns_unioned') }} as campaigns
    on campaigns.campaign_id = first_touches.campaign_id
