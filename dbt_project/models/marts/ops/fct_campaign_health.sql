-- A 0-100 health score per campaign x day, the weighted mean of the components that can be
-- computed that day (weights from vars; a NULL component drops out and the others are re-weighted):
--   delivery_score   = 100 x delivery rate of the day's sends
--   engagement_score = 100 x min(conversion rate / campaign's target conversion rate, 1), the
--                      rate per delivered message as fct_campaign_performance's (conversions / reached)
--   complaint_score  = 100 x (1 - min(complaint rate / spam-rate threshold, 1))
--   pacing_score     = 100 x (1 - min(|pace ratio - 1|, 1))
--   cost_score       = 100 x min(campaign's target CPA / CPA to date, 1), CPA to date = spend to
--                      date / conversions credited to date (NULL before the first conversion)
-- Targets (conversion rate, CPA) and budget are each campaign's own (int_campaigns_unioned: an
-- EnrollFlow campaign's come from its current version's file).
with

pacing as (

    select * from {{ ref('fct_budget_pacing') }}

),

campaigns as (

    select campaign_id, target_conversion_rate, target_cpa_amount
    from {{ ref('int_campaigns_unioned') }}

),

daily_sends as (

    select
        campaign_id,
        send_date,
        count(*) as messages_sent,
        sum(case when is_delivered then 1 else 0 end) as messages_delivered,
        sum(case when is_complaint then 1 else 0 end) as complaints,
        sum(case when is_converted then 1 else 0 end) as conversions
    from {{ ref('int_sends_outcomes_joined') }}
    group by campaign_id, send_date

),

rates as (

    select
        pacing.campaign_id,
        pacing.pacing_date as health_date,
        coalesce(daily_sends.messages_sent, 0) as messages_sent,
        coalesce(daily_sends.messages_delivered, 0) as messages_delivered,
        coalesce(daily_sends.complaints, 0) as complaints,
        coalesce(daily_sends.conversions, 0) as conversions,
        {{ safe_divide('daily_sends.messages_delivered', 'daily_sends.messages_sent') }} as delivery_rate,
        {{ safe_divide('daily_sends.complaints', 'daily_sends.messages_delivered') }} as complaint_rate,
        {{ safe_divide('daily_sends.conversions', 'daily_sends.messages_delivered') }} as conversion_rate,
        campaigns.target_conversion_rate,
        campaigns.target_cpa_amount,
        pacing.pace_ratio,
        pacing.spend_to_date_amount,
        sum(coalesce(daily_sends.conversions, 0)) over (
            partition by pacing.campaign_id order by pacing.pacing_date
            rows between unbounded preceding and current row
        ) as conversions_to_date
    from pacing
    inner join campaigns
        on pacing.campaign_id = campaigns.campaign_id
    left join daily_sends
        on
            pacing.campaign_id = daily_sends.campaign_id
            and pacing.pacing_date = daily_sends.send_date

),

components as (

    select
        *,
        100 * delivery_rate as delivery_score,
        100 * {{ capped(safe_divide('conversion_rate', 'target_conversion_rate'), 1) }} as engagement_score,
        100 * (1 - {{ capped('complaint_rate / ' ~ var('spam_rate_threshold'), 1) }}) as complaint_score,
        100 * (1 - {{ capped('abs(pace_ratio - 1)', 1) }}) as pacing_score,
        {{ safe_divide('spend_to_date_amount', 'conversions_to_date') }} as cpa_to_date_amount,
        case
            when target_cpa_amount is null or conversions_to_date = 0 then null
            -- nothing spent for a conversion: as cheap as it gets
            when spend_to_date_amount <= 0 then 100.0
            else 100 * {{ capped('target_cpa_amount * conversions_to_date / spend_to_date_amount', 1) }}
        end as cost_score
    from rates

),

{%- set weights = var('health_weights') %}
{%- set parts = ['delivery', 'engagement', 'complaint', 'pacing', 'cost'] %}

scored as (

    select
        *,
        (
            {%- for part in parts %}
            coalesce({{ weights[part] }} * {{ part }}_score, 0){{ ' +' if not loop.last }}
            {%- endfor %}
        ) / nullif(
            {%- for part in parts %}
            case when {{ part }}_score is null then 0 else {{ weights[part] }} end{{ ' +' if not loop.last }}
            {%- endfor %}
        , 0) as health_score
    from components

)

select
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    health_date,
    cast(messages_sent as {{ dbt.type_bigint() }}) as messages_sent,
    cast(messages_delivered as {{ dbt.type_bigint() }}) as messages_delivered,
    cast(complaints as {{ dbt.type_bigint() }}) as complaints,
    cast(conversions as {{ dbt.type_bigint() }}) as conversions,
    cast(delivery_rate as {{ type_double() }}) as delivery_rate,
    cast(complaint_rate as {{ type_double() }}) as complaint_rate,
    cast(conversion_rate as {{ type_double() }}) as conversion_rate,
    cast(target_conversion_rate as {{ type_double() }}) as target_conversion_rate,
    cast(pace_ratio as {{ type_double() }}) as pace_ratio,
    cast(delivery_score as {{ type_double() }}) as delivery_score,
    cast(engagement_score as {{ type_double() }}) as engagement_score,
    cast(complaint_score as {{ type_double() }}) as complaint_score,
    cast(pacing_score as {{ type_double() }}) as pacing_score,
    cast(health_score as {{ type_double() }}) as health_score,
    cast(case
        when health_score is null then null
        when health_score >= 80 then 'healthy'
        when health_score >= 50 then 'watch'
        else 'at_risk'
    end as {{ dbt.type_string() }}) as health_band,
    cast(target_cpa_amount as {{ type_double() }}) as target_cpa_amount,
    cast(conversions_to_date as {{ dbt.type_bigint() }}) as conversions_to_date,
    cast(cpa_to_date_amount as {{ type_double() }}) as cpa_to_date_amount,
    cast(cost_score as {{ type_double() }}) as cost_score
from scored
