{{ config(materialized="table") }}
-- Conversion paths: every enrollment (the conversion) joined to the contact's touchpoints in the
-- `attribution_lookback_days` before it, numbered from the first touch. Ties in time are broken
-- by touchpoint_id so the order is deterministic.
with conversions as (
    select
        enrollment_id as conversion_id,
        contact_id,
        enrolled_at as converted_at,
        revenue_amount
    from {{ ref('int_enrollments_netted') }}
),

touches as (
    select * from {{ ref('fct_touchpoints') }}
),

paired as (
    select
        conversions.conversion_id,
        conversions.contact_id,
        conversions.converted_at,
        conversions.revenue_amount,
        touches.touchpoint_id,
        touches.touch_at,
        touches.channel,
        touches.campaign_id
    from conversions
    inner join touches
        on touches.contact_id = conversions.contact_id
        and touches.touch_at <= conversions.converted_at
        and touches.touch_at > {{ dbt.dateadd('day', -var('attribution_lookback_days'), 'conversions.converted_at') }}
)

select
    conversion_id,
    contact_id,
    converted_at,
    revenue_amount,
    touchpoint_id,
    touch_at,
    channel,
    campaign_id,
    row_number() over (
        partition by conversion_id order by touch_at, touchpoint_id
    ) as touch_position,
    count(*) over (partition by conversion_id) as touches_in_path,
    {{ dbt.datediff('touch_at', 'converted_at', 'second') }} / 86400.0 as days_before_conversion
from paired
