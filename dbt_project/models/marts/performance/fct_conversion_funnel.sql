{{ config(materialized='table') }}
-- Campaign x funnel stage: how many distinct contacts reached each stage, from the audience the
-- campaign messaged to enrollment. Site visits and applications count when they happen after the
-- contact's first message of the campaign and within its conversion window; enrolled counts the
-- conversions matched to the campaign's messages. Stages are counted independently (an SMS
-- recipient can click without an open), so a stage can exceed the one before it.
with sends as (
    select * from {{ ref('fct_sends') }}
),

campaigns as (
    select campaign_id, conversion_window_days from {{ ref('int_campaigns_unioned') }}
),

audience as (
    select
        sends.campaign_id,
        sends.contact_id,
        min(sends.sent_at) as first_sent_at,
        max(case when sends.is_delivered then 1 else 0 end) as is_delivered,
        max(case when sends.opened_at is not null then 1 else 0 end) as is_opened,
        max(case when sends.clicked_at is not null then 1 else 0 end) as is_clicked,
        max(case when sends.converted_at is not null then 1 else 0 end) as is_enrolled
    from sends
    group by sends.campaign_id, sends.contact_id
),

windows as (
    select
        audience.*,
        {{ dbt.dateadd('day', 'coalesce(campaigns.conversion_window_days, ' ~ var('default_conversion_window_days') ~ ')', 'audience.first_sent_at') }}
            as window_ends_at
    from audience
    left join campaigns on campaigns.campaign_id = audience.campaign_id
),

{% set followups = [
    ('visited', ref('int_web_sessions_classified'), 'session_started_at'),
    ('applied', ref('stg_lms__applications'), 'applied_at'),
] %}
{% for name, relation, happened_at in followups %}
{{ name }} as (
    select distinct windows.campaign_id, windows.contact_id
    from windows
    inner join {{ relation }} as followup
        on followup.contact_id = windows.contact_id
        and followup.{{ happened_at }} > windows.first_sent_at
        and followup.{{ happened_at }} <= windows.window_ends_at
),

{% endfor %}
stage_counts as (
    select
        windows.campaign_id,
        count(*) as audience,
        sum(windows.is_delivered) as delivered,
        sum(windows.is_opened) as opened,
        sum(windows.is_clicked) as clicked,
        count(visited.contact_id) as site_visit,
        count(applied.contact_id) as application,
        sum(windows.is_enrolled) as enrolled
    from windows
    left join visited
        on visited.campaign_id = windows.campaign_id and visited.contact_id = windows.contact_id
    left join applied
        on applied.campaign_id = windows.campaign_id and applied.contact_id = windows.contact_id
    group by windows.campaign_id
),

{% set stages = ['audience', 'delivered', 'opened', 'clicked', 'site_visit', 'application', 'enrolled'] %}
stages as (
    {% for stage in stages %}
    select
        campaign_id,
        '{{ stage }}' as funnel_stage,
        {{ loop.index }} as stage_order,
        {{ stage }} as contacts,
        {{ 'audience' if loop.first else stages[loop.index0 - 1] }} as previous_stage_contacts,
        audience as audience_contacts
    from stage_counts
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    cast({{ surrogate_key(['campaign_id', 'funnel_stage']) }} as {{ dbt.type_string() }})
        as funnel_stage_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(funnel_stage as {{ dbt.type_string() }}) as funnel_stage,
    cast(stage_order as integer) as stage_order,
    cast(contacts as bigint) as contacts,
    cast(
        case when stage_order = 1 then null else previous_stage_contacts end as bigint
    ) as previous_stage_contacts,
    cast(
        case when stage_order = 1 then null else {{ safe_divide('contacts', 'previous_stage_contacts') }} end
        as double precision
    ) as stage_conversion_rate,
    cast({{ safe_divide('contacts', 'audience_contacts') }} as double precision) as rate_from_audience
from stages
