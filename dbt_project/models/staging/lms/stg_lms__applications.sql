with

source as (

    select * from {{ source('lms', 'raw_lms__applications') }}

),

renamed as (

    select
        application_id,
        contact_id,
        course_id,
        cast(applied_at as {{ dbt.type_timestamp() }}) as applied_at,
        utm_source,
        utm_medium,
        utm_campaign

    from source

)

select * from renamed
