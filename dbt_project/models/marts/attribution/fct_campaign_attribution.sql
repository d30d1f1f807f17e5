{{ config(materialized='table') }}
-- Campaign x channel x attribution model: conversions and revenue attributed to the campaign's
-- touches in that channel, beside what the campaign spent in that channel (message costs from
-- the send ledger plus ad spend), and the ROI/ROAS that follow.
with attributed as (
    select
        campaign_id,
        channel,
        attribution_model,
        sum(credit) as attributed_conversions,
        sum(attributed_revenue_amount) as attributed_revenue_amount
    from {{ ref('fct_attribution') }}
    where campaign_id is not null
    group by 1, 2, 3
),

spend as (
    select campaign_id, channel, sum(spend_amount) as spend_amount
    from {{ ref('fct_campaign_performance') }}
    group by 1, 2
)

select
    cast({{ surrogate_key(['attributed.campaign_id', 'attributed.channel', 'attributed.attribution_model']) }}
        as {{ dbt.type_string() }}) as campaign_attribution_id,
    cast(attributed.campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(attributed.channel as {{ dbt.type_string() }}) as channel,
    cast(attributed.attribution_model as {{ dbt.type_string() }}) as attribution_model,
    cast(attributed.attributed_conversions as double precision) as attributed_conversions,
    cast(attributed.attributed_revenue_amount as double precision) as attributed_revenue_amount,
    cast(coalesce(spend.spend_amount, 0) as double precision) as spend_amount,
    cast(
        {{ safe_divide('attributed.attributed_revenue_amount - coalesce(spend.spend_amount, 0)', 'spend.spend_amount') }}
        as double precision
    ) as roi,
    cast({{ safe_divide('attributed.attributed_revenue_amount', 'spend.spend_amount') }} as double precision)
        as roas
from attributed
left join spend
    on spend.campaign_id = attributed.campaign_id
    and spend.channel = attributed.channel
