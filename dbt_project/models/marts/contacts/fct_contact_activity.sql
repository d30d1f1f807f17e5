{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='append_new_columns'
    )
}}
-- append_new_columns, not fail: the enforced contract creates varchar columns and Postgres sees
-- the model's casts as text, which 'fail' reports as a schema change on every incremental run.
-- One row per contact behaviour: opened / clicked / unsubscribed (provider events; machine opens
-- excluded), visited_course_page (a web page view of a course page by a known contact), applied,
-- enrolled. Incremental: a run re-derives the last `activity_lookback_days` days of activity
-- before the latest one already loaded.
{% set lookback_days = var('activity_lookback_days', 3) %}
with campaigns as (
    select campaign_id, course_category from {{ ref('int_campaigns_unioned') }}
),

courses as (
    select course_id, course_category from {{ ref('stg_lms__courses') }}
),

message_activity as (
    select
        'msg:' || events.event_id as activity_id,
        events.contact_id,
        case events.event_type
            when 'open' then 'opened'
            when 'click' then 'clicked'
            else 'unsubscribed'
        end as activity_type,
        events.event_at as occurred_at,
        events.channel,
        events.campaign_id,
        cast(null as {{ dbt.type_string() }}) as course_id,
        campaigns.course_category
    from {{ ref('fct_message_events') }} as events
    left join campaigns on campaigns.campaign_id = events.campaign_id
    where events.contact_id is not null
        and (
            (events.event_type = 'open' and not events.is_machine_open)
            or events.event_type in ('click', 'unsubscribe', 'opt_out')
        )
),

course_page_views as (
    select
        'web:' || web.web_event_id as activity_id,
        web.contact_id,
        'visited_course_page' as activity_type,
        web.event_at as occurred_at,
        {{ classify_web_channel('web.utm_source', 'web.utm_medium', 'web.page_referrer', 'web.gclid', 'web.fbclid') }}
            as channel,
        campaigns.campaign_id,
        web.course_id,
        courses.course_category
    from {{ ref('stg_web__events') }} as web
    left join campaigns on campaigns.campaign_id = web.utm_campaign
    left join courses on courses.course_id = web.course_id
    where web.contact_id is not null
        and web.course_id is not null
        and web.event_name = 'page_view'
),

applications as (
    select
        'app:' || applications.application_id as activity_id,
        applications.contact_id,
        'applied' as activity_type,
        applications.applied_at as occurred_at,
        case
            when applications.utm_source is null and applications.utm_medium is null then null
            else {{ classify_web_channel('applications.utm_source', 'applications.utm_medium', 'null', 'null', 'null') }}
        end as channel,
        campaigns.campaign_id,
        applications.course_id,
        courses.course_category
    from {{ ref('stg_lms__applications') }} as applications
    left join campaigns on campaigns.campaign_id = applications.utm_campaign
    left join courses on courses.course_id = applications.course_id
),

enrollments as (
    select
        'enr:' || enrollments.enrollment_id as activity_id,
        enrollments.contact_id,
        'enrolled' as activity_type,
        enrollments.enrolled_at as occurred_at,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        enrollments.course_id,
        courses.course_category
    from {{ ref('int_enrollments_netted') }} as enrollments
    left join courses on courses.course_id = enrollments.course_id
),

unioned as (
    select * from message_activity
    union all
    select * from course_page_views
    union all
    select * from applications
    union all
    select * from enrollments
)

select
    cast(activity_id as {{ dbt.type_string() }}) as activity_id,
    cast(contact_id as {{ dbt.type_string() }}) as contact_id,
    cast(activity_type as {{ dbt.type_string() }}) as activity_type,
    cast(occurred_at as timestamp) as occurred_at,
    cast(channel as {{ dbt.type_string() }}) as channel,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(course_id as {{ dbt.type_string() }}) as course_id,
    cast(course_category as {{ dbt.type_string() }}) as course_category
from unioned
{% if is_incremental() %}
where occurred_at >= (
    select {{ dbt.dateadd('day', -lookback_days, 'max(occurred_at)') }} from {{ this }}
)
{% endif %}
