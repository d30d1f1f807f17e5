-- Linear: every touch in the path gets an equal share.
select
    conversion_id,
    touchpoint_id,
    'linear' as attribution_model,
    cast(1.0 / touches_in_path as double precision) as credit
from {{ ref('int_attribution_paths_built') }}
