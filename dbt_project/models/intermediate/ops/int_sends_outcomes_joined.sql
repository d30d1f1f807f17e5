-- One row per send with its outcome flags (from SendGrid events / Twilio status callbacks),
-- its cost and whether the contact enrolled within the campaign's conversion window.
-- Outcome flags only ask "did at least one such event happen", so SendGrid's repeated deliveries of
-- the same sg_event_id cannot inflate them.
{{ config(materialized='table') }}

with

sends as (

    select * from {{ ref('stg_ledger__sends') }}

),

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

enrollments as (

    select * from {{ ref('stg_lms__enrollments') }}
    where not is_refund

),

provider_events as (

    select message_id, event_type
    from {{ ref('stg_sendgrid__events') }}
    where message_id is not null

    union all

    select message_id, event_type
    from {{ ref('stg_twilio__callbacks') }}
    where callback_kind = 'status' and message_id is not null

),

outcomes as (

    select
        message_id,
        max(case when event_type = 'delivered' then 1 else 0 end) as delivered_flag,
        max(case when event_type = 'bounce' then 1 else 0 end) as bounced_flag,
        max(case when event_type = 'dropped' then 1 else 0 end) as dropped_flag,
        max(case when event_type = 'deferred' then 1 else 0 end) as deferred_flag,
        max(case when event_type = 'spamreport' then 1 else 0 end) as complaint_flag,
        max(case when event_type in ('unsubscribe', 'group_unsubscribe') then 1 else 0 end)
            as unsubscribed_flag,
        max(case when event_type = 'open' then 1 else 0 end) as opened_flag,
        max(case when event_type = 'click' then 1 else 0 end) as clicked_flag
    from provider_events
    group by message_id

),

conversions as (

    select
        sends.message_id,
        min(enrollments.occurred_at) as converted_at
    from sends
    inner join campaigns
        on sends.campaign_id = campaigns.campaign_id
    inner join enrollments
        on
            sends.contact_id = enrollments.contact_id
            and enrollments.occurred_at > sends.sent_at
            and enrollments.occurred_at <= {{ dbt.dateadd(
                'day', 'campaigns.conversion_window_days', 'sends.sent_at'
            ) }}
    group by sends.message_id

)

select
    sends.message_id,
    sends.campaign_id,
    sends.contact_id,
    sends.channel,
    sends.sent_at,
    {{ to_date('sends.sent_at') }} as send_date,
    case
        when sends.channel = 'email'
            then coalesce(nullif(lower({{ dbt.split_part('sends.to_address', "'@'", 2) }}), ''), '(invalid)')
    end as recipient_domain,
    coalesce(
        sends.cost_amount,
        case
            when sends.channel = 'email' then campaigns.cost_per_email_amount
            when sends.channel = 'sms' then campaigns.cost_per_sms_amount
        end,
        0
    ) as cost_amount,
    coalesce(outcomes.delivered_flag, 0) = 1 as is_delivered,
    coalesce(outcomes.bounced_flag, 0) = 1 as is_bounced,
    coalesce(outcomes.dropped_flag, 0) = 1 as is_dropped,
    coalesce(outcomes.deferred_flag, 0) = 1 as has_deferral,
    coalesce(outcomes.complaint_flag, 0) = 1 as is_complaint,
    coalesce(outcomes.unsubscribed_flag, 0) = 1 as is_unsubscribed,
    coalesce(outcomes.opened_flag, 0) = 1 as is_opened,
    coalesce(outcomes.clicked_flag, 0) = 1 as is_clicked,
    conversions.converted_at,
    conversions.converted_at is not null as is_converted
from sends
left join campaigns
    on sends.campaign_id = campaigns.campaign_id
left join outcomes
    on sends.message_id = outcomes.message_id
left join conversions
    on sends.message_id = conversions.message_id
