-- One row per send with the outcome flags, cost and conversion the ops marts need: a thin view
-- over fct_sends, so deliverability, pacing and health count exactly what campaign performance
-- counts (de-duplicated events, machine opens excluded, each enrollment credited once).
{{ config(materialized='view') }}

select
    message_id,
    campaign_id,
    contact_id,
    channel,
    sent_at,
    {{ to_date('sent_at') }} as send_date,
    recipient_domain,
    cost_amount,
    is_delivered,
    is_bounced,
    is_dropped,
    has_deferral,
    is_complaint,
    is_unsubscribed,
    opened_at is not null as is_opened,
    clicked_at is not null as is_clicked,
    converted_at,
    converted_at is not null as is_converted
from {{ ref('fct_sends') }}
