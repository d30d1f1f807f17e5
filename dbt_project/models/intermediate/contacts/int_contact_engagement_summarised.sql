-- Per contact, engagement in the 30 and 90 days up to `as_of` (windows are (as_of - N days,
-- as_of]): email sends, messages opened (first human open) and clicked, site visits (sessions),
-- the last engagement (open, click, visit, course page view, application or enrollment) and the
-- 90-day engagement count used as RFM frequency.
with as_of as (
    select
        as_of_at,
        {{ dbt.dateadd('day', -30, 'as_of_at') }} as since_30d_at,
        {{ dbt.dateadd('day', -90, 'as_of_at') }} as since_90d_at
    from {{ ref('int_as_of_resolved') }}
),

sends as (
    select
        sends.contact_id,
        sum(case when sends.channel = 'email' and sends.sent_at > as_of.since_30d_at then 1 else 0 end)
            as email_sends_30d,
        sum(case when sends.opened_at > as_of.since_30d_at and sends.opened_at <= as_of.as_of_at then 1 else 0 end)
            as opens_30d,
        sum(case when sends.clicked_at > as_of.since_30d_at and sends.clicked_at <= as_of.as_of_at then 1 else 0 end)
            as clicks_30d,
        sum(case when sends.opened_at > as_of.since_90d_at and sends.opened_at <= as_of.as_of_at then 1 else 0 end)
            as opens_90d,
        sum(case when sends.clicked_at > as_of.since_90d_at and sends.clicked_at <= as_of.as_of_at then 1 else 0 end)
            as clicks_90d
    from {{ ref('fct_sends') }} as sends
    cross join as_of
    where sends.sent_at <= as_of.as_of_at
    group by sends.contact_id
),

visits as (
    select
        sessions.contact_id,
        sum(case when sessions.session_started_at > as_of.since_30d_at then 1 else 0 end) as site_visits_30d,
        sum(case when sessions.session_started_at > as_of.since_90d_at then 1 else 0 end) as site_visits_90d,
        max(sessions.session_started_at) as last_visit_at
    from {{ ref('int_web_sessions_classified') }} as sessions
    cross join as_of
    where sessions.contact_id is not null and sessions.session_started_at <= as_of.as_of_at
    group by sessions.contact_id
),

activity as (
    select
        activity.contact_id,
        max(activity.occurred_at) as last_activity_at,
        sum(case when activity.occurred_at > as_of.since_90d_at then 1 else 0 end) as activities_90d
    from {{ ref('fct_contact_activity') }} as activity
    cross join as_of
    where activity.activity_type <> 'unsubscribed' and activity.occurred_at <= as_of.as_of_at
    group by activity.contact_id
),

contacts as (
    select contact_id from sends
    union
    select contact_id from visits
    union
    select contact_id from activity
)

select
    contacts.contact_id,
    coalesce(sends.email_sends_30d, 0) as email_sends_30d,
    coalesce(sends.opens_30d, 0) as opens_30d,
    coalesce(sends.clicks_30d, 0) as clicks_30d,
    coalesce(sends.opens_90d, 0) as opens_90d,
    coalesce(sends.clicks_90d, 0) as clicks_90d,
    coalesce(visits.site_visits_30d, 0) as site_visits_30d,
    coalesce(visits.site_visits_90d, 0) as site_visits_90d,
    case
        when visits.last_visit_at is null then activity.last_activity_at
        when activity.last_activity_at is null then visits.last_visit_at
        when visits.last_visit_at > activity.last_activity_at then visits.last_visit_at
        else activity.last_activity_at
    end as last_engaged_at,
    coalesce(activity.activities_90d, 0) + coalesce(visits.site_visits_90d, 0) as engagements_90d
from contacts
left join sends on sends.contact_id = contacts.contact_id
left join visits on visits.contact_id = contacts.contact_id
left join activity on activity.contact_id = contacts.contact_id
