-- Email deliverability per sending domain x recipient domain x send day. Outcomes are attributed to
-- the day the message was sent (a bounce or complaint that arrives later counts on its send day).
-- Rates with a zero denominator are NULL.
with

sends as (

    select * from {{ ref('int_sends_outcomes_joined') }}
    where channel = 'email'

),

daily as (

    select
        '{{ var("email_sending_domain") }}' as sending_domain,
        recipient_domain,
        send_date,
        count(*) as messages_sent,
        sum(case when is_delivered then 1 else 0 end) as messages_delivered,
        sum(case when is_bounced then 1 else 0 end) as messages_bounced,
        sum(case when is_dropped then 1 else 0 end) as messages_dropped,
        sum(case when has_deferral then 1 else 0 end) as messages_deferred,
        sum(case when is_complaint then 1 else 0 end) as complaints
    from sends
    group by recipient_domain, send_date

),

rated as (

    select
        *,
        {{ safe_divide('messages_delivered', 'messages_sent') }} as delivery_rate,
        {{ safe_divide('messages_bounced', 'messages_sent') }} as bounce_rate,
        {{ safe_divide('messages_deferred', 'messages_sent') }} as deferral_rate,
        {{ safe_divide('complaints', 'messages_delivered') }} as spam_rate
    from daily

)

select
    cast(sending_domain as {{ dbt.type_string() }}) as sending_domain,
    cast(recipient_domain as {{ dbt.type_string() }}) as recipient_domain,
    send_date,
    cast(messages_sent as {{ dbt.type_bigint() }}) as messages_sent,
    cast(messages_delivered as {{ dbt.type_bigint() }}) as messages_delivered,
    cast(messages_bounced as {{ dbt.type_bigint() }}) as messages_bounced,
    cast(messages_dropped as {{ dbt.type_bigint() }}) as messages_dropped,
    cast(messages_deferred as {{ dbt.type_bigint() }}) as messages_deferred,
    cast(complaints as {{ dbt.type_bigint() }}) as complaints,
    delivery_rate,
    bounce_rate,
    deferral_rate,
    spam_rate,
    recipient_domain in (
        {%- for domain in var('gmail_yahoo_domains') %}'{{ domain }}'{{ ", " if not loop.last }}{% endfor -%}
    ) as is_gmail_yahoo_domain,
    coalesce(spam_rate >= {{ var('spam_rate_threshold') }}, false) as is_spam_rate_flagged,
    coalesce(bounce_rate > {{ var('bounce_rate_threshold') }}, false) as is_bounce_rate_flagged
from rated
