-- event_order numbers each message's events 1..n without gaps or repeats, and never puts an
-- event before one that happened earlier.
with ordered as (
    select
        message_id,
        event_order,
        event_at,
        count(*) over (partition by message_id) as events,
        lag(event_at) over (partition by message_id order by event_order) as previous_event_at
    from {{ ref('fct_message_events') }}
)

select message_id, event_order, events, event_at, previous_event_at
from ordered
where event_order < 1
    or event_order > events
    or previous_event_at > event_at
    or message_id in (
        select message_id from {{ ref('fct_message_events') }}
        group by message_id
        having count(distinct event_order) <> count(*)
    )
