-- The message rows of fct_campaign_performance add up to fct_sends, campaign by campaign
-- (nothing lost or double counted by the daily grain).
-- Dagster shows it as a check of fct_campaign_performance (a singular test reading two models
-- names the one it belongs to); the intraday path builds fct_sends beside it so it runs there.
{{ config(meta={"dagster": {"ref": {"name": "fct_campaign_performance"}}}) }}
with performance as (
    select campaign_id, sum(sends) as sends, sum(unique_opens) as opens, sum(conversions) as conversions
    from {{ ref('fct_campaign_performance') }}
    where channel in ('email', 'sms')
    group by campaign_id
),

sends as (
    select
        campaign_id,
        count(*) as sends,
        sum(case when opened_at is not null then 1 else 0 end) as opens,
        sum(conversions) as conversions
    from {{ ref('fct_sends') }}
    group by campaign_id
)

select sends.campaign_id, sends.sends, performance.sends as performance_sends
from sends
left join performance on performance.campaign_id = sends.campaign_id
where performance.campaign_id is null
    or performance.sends <> sends.sends
    or performance.opens <> sends.opens
    or performance.conversions <> sends.conversions
