-- Time decay: a touch's weight halves every `time_decay_half_life_days` before the conversion,
-- weight = 0.5 ^ (days_before_conversion / half_life); credits are the weights normalised to sum 1.
with weighted as (
    select
        conversion_id,
        touchpoint_id,
        power(0.5, days_before_conversion / {{ var('time_decay_half_life_days') }}) as weight
    from {{ ref('int_attribution_paths_built') }}
)

select
    conversion_id,
    touchpoint_id,
    'time_decay' as attribution_model,
    cast(weight / sum(weight) over (partition by conversion_id) as double precision) as credit
from weighted
