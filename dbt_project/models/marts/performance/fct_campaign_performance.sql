{{ config(materialized='table') }}
-- Campaign x channel x variant x day. Message channels count by the day the message was sent
-- (its outcomes are credited to its send day); paid channels by ad spend/click day; the
-- campaign's budget lines (creative, platform and agency fees: stg_marketing__cost_lines) are
-- spend of their own channel `campaign_costs` on the day they are booked, so a campaign's
-- spend_amount summed over channels is everything it cost.
with sends as (
    select
        campaign_id,
        channel,
        variant_id,
        cast({{ dbt.date_trunc('day', 'sent_at') }} as date) as performance_date,
        count(*) as sends,
        sum(case when is_delivered then 1 else 0 end) as deliveries,
        sum(case when opened_at is not null then 1 else 0 end) as unique_opens,
        sum(case when clicked_at is not null then 1 else 0 end) as unique_clicks,
        sum(case when is_bounced then 1 else 0 end) as bounces,
        sum(case when is_complaint then 1 else 0 end) as complaints,
        sum(case when is_unsubscribed then 1 else 0 end) as unsubscribes,
        sum(conversions) as conversions,
        sum(revenue_amount) as revenue_amount,
        sum(cost_amount) as spend_amount
    from {{ ref('fct_sends') }}
    group by 1, 2, 3, 4
),

ad_conversions as (
    select
        outreach_id as click_id,
        count(*) as conversions,
        sum(revenue_amount) as revenue_amount
    from {{ ref('int_campaign_conversions_matched') }}
    where outreach_type = 'ad_click'
    group by outreach_id
),

ad_clicks as (
    select
        clicks.campaign_id,
        clicks.channel,
        cast({{ dbt.date_trunc('day', 'clicks.clicked_at') }} as date) as performance_date,
        count(*) as clicks,
        sum(coalesce(ad_conversions.conversions, 0)) as conversions,
        sum(coalesce(ad_conversions.revenue_amount, 0)) as revenue_amount
    from {{ ref('stg_ads__clicks') }} as clicks
    left join ad_conversions on ad_conversions.click_id = clicks.click_id
    where clicks.campaign_id is not null
    group by 1, 2, 3
),

ad_spend as (
    select
        campaign_id,
        channel,
        cast(spend_date as date) as performance_date,
        sum(spend_amount) as spend_amount
    from {{ ref('stg_ads__spend') }}
    group by 1, 2, 3
),

paid as (
    select
        coalesce(ad_spend.campaign_id, ad_clicks.campaign_id) as campaign_id,
        coalesce(ad_spend.channel, ad_clicks.channel) as channel,
        cast(null as {{ dbt.type_string() }}) as variant_id,
        coalesce(ad_spend.performance_date, ad_clicks.performance_date) as performance_date,
        0 as sends,
        0 as deliveries,
        0 as unique_opens,
        coalesce(ad_clicks.clicks, 0) as unique_clicks,
        0 as bounces,
        0 as complaints,
        0 as unsubscribes,
        coalesce(ad_clicks.conversions, 0) as conversions,
        coalesce(ad_clicks.revenue_amount, 0) as revenue_amount,
        coalesce(ad_spend.spend_amount, 0) as spend_amount
    from ad_spend
    full outer join ad_clicks
        on ad_clicks.campaign_id = ad_spend.campaign_id
        and ad_clicks.channel = ad_spend.channel
        and ad_clicks.performance_date = ad_spend.performance_date
),

cost_lines as (
    select
        campaign_id,
        'campaign_costs' as channel,
        cast(null as {{ dbt.type_string() }}) as variant_id,
        cast(cost_date as date) as performance_date,
        0 as sends,
        0 as deliveries,
        0 as unique_opens,
        0 as unique_clicks,
        0 as bounces,
        0 as complaints,
        0 as unsubscribes,
        0 as conversions,
        cast(0 as {{ type_double() }}) as revenue_amount,
        sum(cost_amount) as spend_amount
    from {{ ref('stg_marketing__cost_lines') }}
    where campaign_id is not null
    group by campaign_id, cast(cost_date as date)
),

social as (
    -- campaign posts: one "send" per post per account, counted on its publication day; link
    -- clicks are its clicks, the post's price its spend (engagement detail: fct_social_posts)
    select
        campaign_id,
        'social' as channel,
        cast(null as {{ dbt.type_string() }}) as variant_id,
        cast({{ dbt.date_trunc('day', 'published_at') }} as date) as performance_date,
        count(*) as sends,
        0 as deliveries,
        0 as unique_opens,
        sum(link_clicks) as unique_clicks,
        0 as bounces,
        0 as complaints,
        0 as unsubscribes,
        0 as conversions,
        cast(0 as {{ type_double() }}) as revenue_amount,
        sum(cost_amount) as spend_amount
    from {{ ref('fct_social_posts') }}
    where campaign_id is not null and published_at is not null
    group by 1, 2, 3, 4
),

combined as (
    select * from sends
    union all
    select * from paid
    union all
    select * from cost_lines
    union all
    select * from social
),

sourced as (
    select
        combined.*,
        -- the denominator of the conversion rate, the same in every tool that shows it (studio,
        -- report, demo): a delivered message on a message channel, an ad or post click elsewhere
        case
            when combined.channel in ('email', 'sms') then combined.deliveries
            else combined.unique_clicks
        end as reached,
        campaigns.campaign_source
    from combined
    left join {{ ref('int_campaigns_unioned') }} as campaigns
        on campaigns.campaign_id = combined.campaign_id
)

select
    cast({{ surrogate_key(['campaign_id', 'channel', 'variant_id', 'performance_date']) }}
        as {{ dbt.type_string() }}) as performance_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(channel as {{ dbt.type_string() }}) as channel,
    cast(variant_id as {{ dbt.type_string() }}) as variant_id,
    cast(performance_date as date) as performance_date,
    cast(sends as bigint) as sends,
    cast(deliveries as bigint) as deliveries,
    cast(unique_opens as bigint) as unique_opens,
    cast(unique_clicks as bigint) as unique_clicks,
    cast(bounces as bigint) as bounces,
    cast(complaints as bigint) as complaints,
    cast(unsubscribes as bigint) as unsubscribes,
    cast(conversions as bigint) as conversions,
    cast(reached as bigint) as reached,
    cast(revenue_amount as double precision) as revenue_amount,
    cast(spend_amount as double precision) as spend_amount,
    cast({{ safe_divide('deliveries', 'sends') }} as double precision) as delivery_rate,
    cast({{ safe_divide('unique_opens', 'deliveries') }} as double precision) as open_rate,
    cast({{ safe_divide('unique_clicks', 'deliveries') }} as double precision)
        as click_through_rate,
    cast({{ safe_divide('unique_clicks', 'unique_opens') }} as double precision)
        as click_to_open_rate,
    cast({{ safe_divide('conversions', 'reached') }} as double precision) as conversion_rate,
    cast({{ safe_divide('unsubscribes', 'deliveries') }} as double precision) as unsubscribe_rate,
    cast({{ safe_divide('complaints', 'deliveries') }} as double precision) as complaint_rate,
    cast({{ safe_divide('spend_amount', 'conversions') }} as double precision) as cpa_amount,
    cast({{ safe_divide('revenue_amount - spend_amount', 'spend_amount') }} as double precision)
        as roi,
    cast({{ safe_divide('revenue_amount', 'spend_amount') }} as double precision) as roas,
    cast(campaign_source as {{ dbt.type_string() }}) as campaign_source
from sourced
