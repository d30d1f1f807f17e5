-- One row per enrollment with its refunds netted off: the unit of conversion and of revenue.
with movements as (
    select * from {{ ref('stg_lms__enrollments') }}
),

enrollments as (
    select enrollment_id, contact_id, course_id, occurred_at as enrolled_at, revenue_amount
    from movements
    where not is_refund
),

refunds as (
    select
        enrollment_id,
        sum(revenue_amount) as refund_amount,
        min(occurred_at) as refunded_at
    from movements
    where is_refund
    group by enrollment_id
)

select
    enrollments.enrollment_id,
    enrollments.contact_id,
    enrollments.course_id,
    enrollments.enrolled_at,
    enrollments.revenue_amount as gross_revenue_amount,
    coalesce(refunds.refund_amount, 0) as refund_amount,
    enrollments.revenue_amount + coalesce(refunds.refund_amount, 0) as revenue_amount,
    refunds.refunded_at,
    refunds.enrollment_id is not null as is_refunded
from enrollments
left join refunds on refunds.enrollment_id = enrollments.enrollment_id
