-- The requirement's `CampaignMetrics` (campaign, channel, metric, value, recorded at) in long
-- format: one row per campaign x channel x day x metric, read from fct_campaign_performance so
-- the figures are the same ones (opens are unique human opens, clicks unique clicks, conversions
-- each enrollment once). `recorded_at` is the start (UTC) of the day the figures belong to.
-- The web channel (banners and pop-ups) adds impressions, clicks and dismissals from
-- fct_banner_events: EnrollFlow's own campaigns, channel `web`.
{% set metrics = [
    ('sends', 'sends'),
    ('deliveries', 'deliveries'),
    ('opens', 'unique_opens'),
    ('clicks', 'unique_clicks'),
    ('bounces', 'bounces'),
    ('complaints', 'complaints'),
    ('unsubscribes', 'unsubscribes'),
    ('conversions', 'conversions'),
    ('revenue', 'revenue_amount'),
    ('spend', 'spend_amount'),
] %}
with daily as (
    select
        campaign_id,
        campaign_source,
        channel,
        performance_date,
        {% for name, column in metrics %}
        sum({{ column }}) as {{ name }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ ref('fct_campaign_performance') }}
    group by campaign_id, campaign_source, channel, performance_date
),

long as (
    {% for name, column in metrics %}
    select
        campaign_id,
        campaign_source,
        channel,
        performance_date,
        '{{ name }}' as metric,
        cast({{ name }} as {{ type_double() }}) as metric_value
    from daily
    union all
    {% endfor %}
    select
        campaign_id,
        'enrollflow' as campaign_source,
        'web' as channel,
        {{ to_date('event_at') }} as performance_date,
        case event_type
            when 'impression' then 'impressions'
            when 'click' then 'clicks'
            else 'dismissals'
        end as metric,
        cast(count(*) as {{ type_double() }}) as metric_value
    from {{ ref('fct_banner_events') }}
    group by campaign_id, {{ to_date('event_at') }}, event_type
)

select
    cast({{ surrogate_key(['campaign_id', 'channel', 'performance_date', 'metric']) }}
        as {{ dbt.type_string() }}) as campaign_metric_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(campaign_source as {{ dbt.type_string() }}) as campaign_source,
    cast(channel as {{ dbt.type_string() }}) as channel,
    cast(metric as {{ dbt.type_string() }}) as metric,
    cast(metric_value as {{ type_double() }}) as metric_value,
    cast(performance_date as timestamp) as recorded_at
from long
