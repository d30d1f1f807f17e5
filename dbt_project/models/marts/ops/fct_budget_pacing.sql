-- Budget pacing per campaign x day, from the campaign's start day to its end day or the as-of day
-- (var `pacing_as_of_date`, else the last day with any spend or send), whichever comes first.
-- Spend = ad platform spend + message costs + the campaign's budget lines (creative, platform and
-- agency fees, stg_marketing__cost_lines) on the day they are booked. The plan is linear:
-- budget / planned days per day.
with

campaigns as (

    select
        campaign_id,
        budget_amount,
        {{ to_date('start_at') }} as start_date,
        {{ to_date('end_at') }} as end_date
    from {{ ref('int_campaigns_unioned') }}

),

sends as (

    select * from {{ ref('int_sends_outcomes_joined') }}

),

ad_spend as (

    select campaign_id, spend_date, sum(spend_amount) as ad_spend_amount
    from {{ ref('stg_ads__spend') }}
    group by campaign_id, spend_date

),

message_costs as (

    select campaign_id, send_date, sum(cost_amount) as message_cost_amount
    from sends
    group by campaign_id, send_date

),

cost_lines as (

    select campaign_id, cast(cost_date as date) as cost_date, sum(cost_amount) as cost_line_amount
    from {{ ref('stg_marketing__cost_lines') }}
    where campaign_id is not null
    group by campaign_id, cast(cost_date as date)

),

as_of as (

    {% if var('pacing_as_of_date', none) %}
    select cast('{{ var("pacing_as_of_date") }}' as date) as as_of_date
    {% else %}
    select max(activity_date) as as_of_date
    from (
        select max(spend_date) as activity_date from ad_spend
        union all
        select max(send_date) as activity_date from message_costs
    ) as activity
    {% endif %}

),

spine as (

    select
        campaigns.campaign_id,
        campaigns.budget_amount,
        campaigns.start_date,
        campaigns.end_date,
        cast({{ dbt.dateadd('day', 'offsets.day_offset', 'campaigns.start_date') }} as date)
            as pacing_date,
        offsets.day_offset + 1 as days_elapsed,
        {{ dbt.datediff('campaigns.start_date', 'campaigns.end_date', 'day') }} + 1 as planned_days
    from campaigns
    cross join as_of
    inner join {{ day_offsets() }} as offsets
        on offsets.day_offset <= {{ dbt.datediff(
            'campaigns.start_date',
            'least(coalesce(campaigns.end_date, as_of.as_of_date), as_of.as_of_date)',
            'day'
        ) }}

),

daily as (

    select
        spine.*,
        coalesce(ad_spend.ad_spend_amount, 0) as ad_spend_amount,
        coalesce(message_costs.message_cost_amount, 0) as message_cost_amount,
        coalesce(cost_lines.cost_line_amount, 0) as cost_line_amount,
        coalesce(ad_spend.ad_spend_amount, 0)
        + coalesce(message_costs.message_cost_amount, 0)
        + coalesce(cost_lines.cost_line_amount, 0) as daily_spend_amount
    from spine
    left join ad_spend
        on
            spine.campaign_id = ad_spend.campaign_id
            and spine.pacing_date = ad_spend.spend_date
    left join message_costs
        on
            spine.campaign_id = message_costs.campaign_id
            and spine.pacing_date = message_costs.send_date
    left join cost_lines
        on
            spine.campaign_id = cost_lines.campaign_id
            and spine.pacing_date = cost_lines.cost_date

),

cumulative as (

    select
        *,
        sum(daily_spend_amount) over (
            partition by campaign_id order by pacing_date rows between unbounded preceding and current row
        ) as spend_to_date_amount
    from daily

),

paced as (

    select
        *,
        budget_amount * least(days_elapsed, planned_days) / planned_days
            as planned_spend_to_date_amount,
        budget_amount - spend_to_date_amount as remaining_budget_amount,
        spend_to_date_amount / days_elapsed as average_daily_spend_amount,
        min(case when spend_to_date_amount >= budget_amount then pacing_date end) over (
            partition by campaign_id order by pacing_date rows between unbounded preceding and current row
        ) as exhausted_on_date
    from cumulative

),

projected as (

    select
        *,
        {{ safe_divide('spend_to_date_amount', 'planned_spend_to_date_amount') }} as pace_ratio,
        case
            when budget_amount is null then null
            when exhausted_on_date is not null then exhausted_on_date
            when average_daily_spend_amount <= 0 then null
            -- beyond the horizon the figure means "not in the foreseeable future", not a date
            when remaining_budget_amount / average_daily_spend_amount
                > {{ var('pacing_projection_horizon_days') }} then null
            else cast({{ dbt.dateadd(
                'day',
                'cast(ceil(cast(remaining_budget_amount / average_daily_spend_amount as decimal(38, 6))) as integer)',
                'pacing_date'
            ) }} as date)
        end as projected_exhaustion_date
    from paced

)

select
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    pacing_date,
    cast(budget_amount as {{ type_double() }}) as budget_amount,
    cast(days_elapsed as integer) as days_elapsed,
    cast(planned_days as integer) as planned_days,
    cast(ad_spend_amount as {{ type_double() }}) as ad_spend_amount,
    cast(message_cost_amount as {{ type_double() }}) as message_cost_amount,
    cast(cost_line_amount as {{ type_double() }}) as cost_line_amount,
    cast(daily_spend_amount as {{ type_double() }}) as daily_spend_amount,
    cast(spend_to_date_amount as {{ type_double() }}) as spend_to_date_amount,
    cast(planned_spend_to_date_amount as {{ type_double() }}) as planned_spend_to_date_amount,
    cast(remaining_budget_amount as {{ type_double() }}) as remaining_budget_amount,
    pace_ratio,
    projected_exhaustion_date,
    coalesce(spend_to_date_amount >= budget_amount, false) as is_budget_exhausted,
    cast(case
        when budget_amount is null then 'no_budget'
        when spend_to_date_amount >= budget_amount then 'exhausted'
        when pace_ratio is null then 'open_ended'
        when pace_ratio > 1 + {{ var('pacing_tolerance') }} then 'overpacing'
        when pace_ratio < 1 - {{ var('pacing_tolerance') }} then 'underpacing'
        else 'on_track'
    end as {{ dbt.type_string() }}) as pacing_status
from projected
