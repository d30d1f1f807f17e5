-- Per contact, suppression state as of `as_of` derived from provider events: email is suppressed
-- after a bounce, a spam complaint or an unsubscribe; SMS is suppressed when the latest STOP/START
-- reply is a STOP (opt_out). EnrollFlow's own suppression list (the ops store's, as exported:
-- the latest change of each address, kept when it is an upsert) suppresses the contacts whose
-- CRM email / phone is the suppressed address.
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

suppression_changes as (
    select
        changes.channel,
        changes.address,
        changes.suppression_reason,
        changes.change_type,
        row_number() over (
            partition by changes.channel, changes.address
            order by changes.exported_at desc, changes.change_type desc
        ) as recency_rank
    from {{ ref('stg_ops__suppressions') }} as changes
    cross join {{ ref('int_as_of_resolved') }} as as_of
    where changes.change_type = 'delete' or changes.suppressed_at <= as_of.as_of_at
),

ops_suppressed as (
    select
        crm.contact_id,
        max(case when current_list.channel = 'email' then 1 else 0 end) as is_email_suppressed,
        max(case when current_list.channel = 'sms' then 1 else 0 end) as is_sms_suppressed,
        max(
            case when current_list.suppression_reason in ('unsubscribe', 'sms_stop') then 1 else 0 end
        ) as is_unsubscribed
    from suppression_changes as current_list
    inner join {{ ref('stg_crm__contacts') }} as crm
        on (current_list.channel = 'email' and crm.email = current_list.address)
        or (current_list.channel = 'sms' and crm.phone = current_list.address)
    where current_list.recency_rank = 1 and current_list.change_type = 'upsert'
    group by crm.contact_id
),

contacts as (
    select contact_id from email
    union
    select contact_id from sms
    union
    select contact_id from ops_suppressed
)

select
    contacts.contact_id,
    coalesce(email.is_suppressed, 0) = 1
    or coalesce(ops_suppressed.is_email_suppressed, 0) = 1 as is_email_suppressed,
    coalesce(sms.is_suppressed, false)
    or coalesce(ops_suppressed.is_sms_suppressed, 0) = 1 as is_sms_suppressed,
    coalesce(email.is_unsubscribed, 0) = 1
    or coalesce(sms.is_suppressed, false)
    or coalesce(ops_suppressed.is_unsubscribed, 0) = 1 as is_unsubscribed
from contacts
left join email on email.contact_id = contacts.contact_id
left join sms on sms.contact_id = contacts.contact_id
left join ops_suppressed on ops_suppressed.contact_id = contacts.contact_id
