-- First touch: the whole credit to the earliest touch in the lookback window.
select
    conversion_id,
    touchpoint_id,
    'first_touch' as attribution_model,
    cast(case when touch_position = 1 then 1.0 else 0.0 end as double precision) as credit
from {{ ref('int_attribution_paths_built') }}
