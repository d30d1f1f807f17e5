-- Last touch: the whole credit to the latest touch before the conversion.
select
    conversion_id,
    touchpoint_id,
    'last_touch' as attribution_model,
    cast(case when touch_position = touches_in_path then 1.0 else 0.0 end as double precision) as credit
from {{ ref('int_attribution_paths_built') }}
