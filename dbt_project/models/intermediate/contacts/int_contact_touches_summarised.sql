-- Per contact, from the marketing touchpoints up to `as_of`: the first touch (channel, campaign),
-- the last touch (channel, time) and the preferred channel = the channel with the most touches
-- in the 90 days up to `as_of` (ties go to the channel touched most recently).
with as_of as (
    select as_of_at from {{ ref('int_as_of_resolved') }}
),

touches as (
    select touches.*, as_of.as_of_at
    from {{ ref('fct_touchpoints') }} as touches
    cross join as_of
    where touches.touch_at <= as_of.as_of_at
),

ordered as (
    select
        contact_id,
        channel,
        campaign_id,
        touch_at,
        row_number() over (partition by contact_id order by touch_at, touchpoint_id) as first_rank,
        row_number() over (partition by contact_id order by touch_at desc, touchpoint_id desc)
            as last_rank
    from touches
),

channel_counts as (
    select
        contact_id,
        channel,
        count(*) as touches_90d,
        max(touch_at) as last_touch_at
    from touches
    where touch_at > {{ dbt.dateadd('day', -90, 'as_of_at') }}
    group by contact_id, channel
),

preferred as (
    select
        contact_id,
        channel,
        row_number() over (
            partition by contact_id order by touches_90d desc, last_touch_at desc, channel
        ) as preference_rank
    from channel_counts
)

select
    firsts.contact_id,
    firsts.channel as first_touch_channel,
    firsts.campaign_id as first_touch_campaign_id,
    firsts.touch_at as first_touch_at,
    lasts.channel as last_touch_channel,
    lasts.touch_at as last_touch_at,
    preferred.channel as preferred_channel
from ordered as firsts
inner join ordered as lasts on lasts.contact_id = firsts.contact_id and lasts.last_rank = 1
left join preferred on preferred.contact_id = firsts.contact_id and preferred.preference_rank = 1
where firsts.first_rank = 1
