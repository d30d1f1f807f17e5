with

source as (

    select * from {{ source('web', 'raw_web__events') }}

),

renamed as (

    select
        event_id as web_event_id,
        event_name,
        cast(event_at as {{ dbt.type_timestamp() }}) as event_at,
        cast(event_timestamp as {{ dbt.type_bigint() }}) as event_timestamp_us,
        user_pseudo_id,
        user_id as contact_id,
        cast(ga_session_id as {{ dbt.type_bigint() }}) as ga_session_id,
        page_location,
        page_referrer,
        page_title,
        course_id,
        device_category,
        upper(geo_country) as country_code,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        gclid,
        fbclid,
        _partition_date as landed_on

    from source

)

select * from renamed
