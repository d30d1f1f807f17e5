-- Latest record per course: the catalogue is re-exported whenever it changes.
with

source as (

    select * from {{ source('lms', 'raw_lms__courses') }}

),

renamed as (

    select
        course_id,
        title as course_title,
        category as course_category,
        cast(price_amount as {{ type_double() }}) as price_amount,
        upper(currency) as currency_code,
        language,
        delivery_mode,
        cast(start_dates as {{ dbt.type_string() }}) as start_dates,
        cast(duration_weeks as {{ dbt.type_int() }}) as duration_weeks,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        row_number() over (
            partition by course_id
            order by updated_at desc, _partition_date desc, _line desc
        ) as version_rank

    from source

)

select
    course_id,
    course_title,
    course_category,
    price_amount,
    currency_code,
    language,
    delivery_mode,
    start_dates,
    duration_weeks,
    updated_at
from renamed
where version_rank = 1
