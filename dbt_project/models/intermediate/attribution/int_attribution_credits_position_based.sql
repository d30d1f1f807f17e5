-- Position-based (U-shaped, 40/20/40): 40 % to the first and the last touch, the remaining 20 %
-- split evenly over the touches between them; a one-touch path gets 1, a two-touch path 0.5 each.
select
    conversion_id,
    touchpoint_id,
    'position_based' as attribution_model,
    cast(case
        when touches_in_path = 1 then 1.0
        when touches_in_path = 2 then 0.5
        when touch_position = 1 or touch_position = touches_in_path then 0.4
        else 0.2 / (touches_in_path - 2)
    end as double precision) as credit
from {{ ref('int_attribution_paths_built') }}
