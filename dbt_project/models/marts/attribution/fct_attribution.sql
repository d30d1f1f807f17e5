{{ config(materialized='table') }}
-- Conversion x touchpoint x model: the credit each touch in a conversion's path receives under
-- each rule-based attribution model, and the revenue that credit carries. For every conversion
-- that has at least one touch in the lookback window, each model's credits sum to 1.
{% set models = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based'] %}
with credits as (
    {% for model in models %}
    select * from {{ ref('int_attribution_credits_' ~ model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

paths as (
    select * from {{ ref('int_attribution_paths_built') }}
)

select
    cast({{ surrogate_key(['credits.conversion_id', 'credits.touchpoint_id', 'credits.attribution_model']) }}
        as {{ dbt.type_string() }}) as attribution_id,
    cast(paths.conversion_id as {{ dbt.type_string() }}) as conversion_id,
    cast(paths.contact_id as {{ dbt.type_string() }}) as contact_id,
    cast(paths.converted_at as timestamp) as converted_at,
    cast(paths.touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
    cast(paths.touch_at as timestamp) as touch_at,
    cast(paths.channel as {{ dbt.type_string() }}) as channel,
    cast(paths.campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(credits.attribution_model as {{ dbt.type_string() }}) as attribution_model,
    cast(paths.touch_position as integer) as touch_position,
    cast(paths.touches_in_path as integer) as touches_in_path,
    cast(credits.credit as double precision) as credit,
    cast(credits.credit * paths.revenue_amount as double precision) as attributed_revenue_amount
from credits
inner join paths
    on paths.conversion_id = credits.conversion_id
    and paths.touchpoint_id = credits.touchpoint_id
