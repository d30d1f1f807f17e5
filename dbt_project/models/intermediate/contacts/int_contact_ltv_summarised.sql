-- Per contact, as of `as_of`: applications, enrollments (refunded ones included in the count)
-- and historical LTV = the net revenue of all enrollments (gross minus refunds).
with as_of as (
    select as_of_at from {{ ref('int_as_of_resolved') }}
),

enrollments as (
    select enrollments.*
    from {{ ref('int_enrollments_netted') }} as enrollments
    cross join as_of
    where enrollments.enrolled_at <= as_of.as_of_at
),

applications as (
    select applications.*
    from {{ ref('stg_lms__applications') }} as applications
    cross join as_of
    where applications.applied_at <= as_of.as_of_at
),

enrollment_totals as (
    select
        contact_id,
        count(*) as enrollments_count,
        min(enrolled_at) as first_enrolled_at,
        max(enrolled_at) as last_enrolled_at,
        sum(revenue_amount) as ltv_amount
    from enrollments
    group by contact_id
),

application_totals as (
    select
        contact_id,
        count(*) as applications_count,
        max(applied_at) as last_applied_at
    from applications
    group by contact_id
),

contacts as (
    select contact_id from enrollment_totals
    union
    select contact_id from application_totals
)

select
    contacts.contact_id,
    coalesce(application_totals.applications_count, 0) as applications_count,
    application_totals.last_applied_at,
    coalesce(enrollment_totals.enrollments_count, 0) as enrollments_count,
    enrollment_totals.first_enrolled_at,
    enrollment_totals.last_enrolled_at,
    coalesce(enrollment_totals.ltv_amount, 0) as ltv_amount
from contacts
left join enrollment_totals on enrollment_totals.contact_id = contacts.contact_id
left join application_totals on application_totals.contact_id = contacts.contact_id
