with

source as (

    select * from {{ source('web', 'raw_web__banner_events') }}

),

renamed as (

    select
        event_id as banner_event_id,
        case event_name
            when 'banner_impression' then 'impression'
            when 'banner_click' then 'click'
            when 'banner_dismiss' then 'dismissal'
        end as event_type,
        cast(event_at as {{ dbt.type_timestamp() }}) as event_at,
        user_pseudo_id,
        user_id as contact_id,
        campaign_id,
        banner_id,
        banner_kind,
        locale,
        page_location,
        device_category,
        _partition_date as landed_on

    from source

)

select * from renamed
