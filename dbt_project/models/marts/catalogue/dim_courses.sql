{{ config(materialized='table') }}
-- One row per course of the catalogue (latest version), with its demand so far: applications,
-- enrollments, refunds and net revenue.
with courses as (
    select * from {{ ref('stg_lms__courses') }}
),

applications as (
    select course_id, count(*) as applications_count
    from {{ ref('stg_lms__applications') }}
    group by course_id
),

enrollments as (
    select
        course_id,
        count(*) as enrollments_count,
        sum(case when is_refunded then 1 else 0 end) as refunds_count,
        sum(revenue_amount) as revenue_amount
    from {{ ref('int_enrollments_netted') }}
    group by course_id
)

select
    cast(courses.course_id as {{ dbt.type_string() }}) as course_id,
    cast(courses.course_title as {{ dbt.type_string() }}) as course_title,
    cast(courses.course_category as {{ dbt.type_string() }}) as course_category,
    cast(courses.price_amount as double precision) as price_amount,
    cast(courses.currency_code as {{ dbt.type_string() }}) as currency_code,
    cast(courses.language as {{ dbt.type_string() }}) as language,
    cast(courses.delivery_mode as {{ dbt.type_string() }}) as delivery_mode,
    cast(courses.duration_weeks as integer) as duration_weeks,
    cast(courses.start_dates as {{ dbt.type_string() }}) as start_dates,
    cast(courses.updated_at as timestamp) as updated_at,
    cast(coalesce(applications.applications_count, 0) as integer) as applications_count,
    cast(coalesce(enrollments.enrollments_count, 0) as integer) as enrollments_count,
    cast(coalesce(enrollments.refunds_count, 0) as integer) as refunds_count,
    cast(coalesce(enrollments.revenue_amount, 0) as double precision) as revenue_amount
from courses
left join applications on applications.course_id = courses.course_id
left join enrollments on enrollments.course_id = courses.course_id
