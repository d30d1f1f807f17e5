-- For every conversion and attribution model the credits sum to 1, and every attributed
-- conversion is credited by all five models. Returns the offending (conversion, model) rows.
with per_model as (
    select conversion_id, attribution_model, sum(credit) as total_credit
    from {{ ref('fct_attribution') }}
    group by conversion_id, attribution_model
),

per_conversion as (
    select conversion_id, count(*) as models
    from per_model
    group by conversion_id
)

select per_model.conversion_id, per_model.attribution_model, per_model.total_credit, per_conversion.models
from per_model
inner join per_conversion on per_conversion.conversion_id = per_model.conversion_id
where abs(per_model.total_credit - 1.0) > 0.000001
    or per_conversion.models <> 5
