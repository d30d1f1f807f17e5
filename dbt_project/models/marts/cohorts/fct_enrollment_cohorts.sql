{{ config(materialized='table') }}
-- Acquisition month x months since acquisition, for all learners and cut by first-touch channel
-- and by the campaign type of the first-touch campaign (cut_dimension / cut_value; 'all'/'all'
-- is the whole cohort). A learner is acquired in the month of their first enrollment.
-- active_learners: distinct learners enrolling in that month; re_enrollments: enrollments other
-- than a learner's first; revenue: net revenue of the month's enrollments (refunds netted onto
-- their enrollment); cumulative_ltv_per_learner: cumulative revenue / cohort size.
with learners as (
    select * from {{ ref('int_learner_cohorts_assigned') }}
),

enrollments as (
    select
        enrollments.contact_id,
        enrollments.enrollment_id,
        enrollments.revenue_amount,
        cast({{ dbt.date_trunc('month', 'enrollments.enrolled_at') }} as date) as activity_month,
        row_number() over (
            partition by enrollments.contact_id
            order by enrollments.enrolled_at, enrollments.enrollment_id
        ) as enrollment_number
    from {{ ref('int_enrollments_netted') }} as enrollments
),

cuts as (
    select contact_id, cohort_month, 'all' as cut_dimension, 'all' as cut_value from learners
    union all
    select contact_id, cohort_month, 'first_touch_channel', first_touch_channel from learners
    union all
    select contact_id, cohort_month, 'campaign_type', first_touch_campaign_type from learners
),

cohort_sizes as (
    select cohort_month, cut_dimension, cut_value, count(*) as cohort_learners
    from cuts
    group by 1, 2, 3
),

months as (
    select distinct activity_month from enrollments
),

grid as (
    select
        cohort_sizes.cohort_month,
        cohort_sizes.cut_dimension,
        cohort_sizes.cut_value,
        cohort_sizes.cohort_learners,
        months.activity_month
    from cohort_sizes
    inner join months on months.activity_month >= cohort_sizes.cohort_month
),

activity as (
    select
        cuts.cohort_month,
        cuts.cut_dimension,
        cuts.cut_value,
        enrollments.activity_month,
        count(distinct enrollments.contact_id) as active_learners,
        sum(case when enrollments.enrollment_number > 1 then 1 else 0 end) as re_enrollments,
        sum(enrollments.revenue_amount) as revenue_amount
    from cuts
    inner join enrollments on enrollments.contact_id = cuts.contact_id
    group by 1, 2, 3, 4
),

filled as (
    select
        grid.cohort_month,
        grid.cut_dimension,
        grid.cut_value,
        grid.cohort_learners,
        grid.activity_month,
        {{ dbt.datediff('grid.cohort_month', 'grid.activity_month', 'month') }} as months_since_acquisition,
        coalesce(activity.active_learners, 0) as active_learners,
        coalesce(activity.re_enrollments, 0) as re_enrollments,
        coalesce(activity.revenue_amount, 0) as revenue_amount
    from grid
    left join activity
        on activity.cohort_month = grid.cohort_month
        and activity.cut_dimension = grid.cut_dimension
        and activity.cut_value = grid.cut_value
        and activity.activity_month = grid.activity_month
),

cumulated as (
    select
        filled.*,
        sum(revenue_amount) over (
            partition by cohort_month, cut_dimension, cut_value
            order by activity_month
            rows between unbounded preceding and current row
        ) as cumulative_revenue_amount
    from filled
)

select
    cast({{ surrogate_key(['cohort_month', 'cut_dimension', 'cut_value', 'activity_month']) }}
        as {{ dbt.type_string() }}) as cohort_row_id,
    cast(cohort_month as date) as cohort_month,
    cast(activity_month as date) as activity_month,
    cast(months_since_acquisition as integer) as months_since_acquisition,
    cast(cut_dimension as {{ dbt.type_string() }}) as cut_dimension,
    cast(cut_value as {{ dbt.type_string() }}) as cut_value,
    cast(cohort_learners as bigint) as cohort_learners,
    cast(active_learners as bigint) as active_learners,
    cast(re_enrollments as bigint) as re_enrollments,
    cast(revenue_amount as double precision) as revenue_amount,
    cast(cumulative_revenue_amount as double precision) as cumulative_revenue_amount,
    cast({{ safe_divide('cumulative_revenue_amount', 'cohort_learners') }} as double precision)
        as cumulative_ltv_per_learner
from cumulated
