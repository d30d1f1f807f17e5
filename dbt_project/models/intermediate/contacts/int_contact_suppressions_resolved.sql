-- Per contact, suppression state as of `as_of` derived from provider events: email is suppressed
-- after a bounce, a spam complaint or an unsubscribe; SMS is suppressed when the latest STOP/START
-- reply is a STOP (opt_out).
with events as (
    select events.contact_id, events.channel, events.event_type, events.event_at, events.event_id
    from {{ ref('fct_message_events') }} as events
    cross join {{ ref('int_as_of_resolved') }} as as_of
    where events.contact_id is not null and events.event_at <= as_of.as_of_at
),

email as (
    select
        contact_id,
        max(case when event_type in ('bounce', 'complaint', 'unsubscribe') then 1 else 0 end)
            as is_suppressed,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) as is_unsubscribed
    from events
    where channel = 'email'
    group by contact_id
),

sms_replies as (
    select
        contact_id,
        event_type,
        row_number() over (partition by contact_id order by event_at desc, event_id desc) as recency_rank
    from events
    where channel = 'sms' and event_type in ('opt_out', 'opt_in')
),

sms as (
    select contact_id, event_type = 'opt_out' as is_suppressed
    from sms_replies
    where recency_rank = 1
),

contacts as (
    select contact_id from email
    union
    select contact_id from sms
)

select
    contacts.contact_id,
    coalesce(email.is_suppressed, 0) = 1 as is_email_suppressed,
    coalesce(sms.is_suppressed, false) as is_sms_suppressed,
    coalesce(email.is_unsubscribed, 0) = 1 or coalesce(sms.is_suppressed, false) as is_unsubscribed
from contacts
left join email on email.contact_id = contacts.contact_id
left join sms on sms.contact_id = contacts.contact_id
