with

source as (

    select * from {{ source('marketing', 'raw_marketing__campaign_members') }}

),

renamed as (

    select
        campaign_member_id,
        campaign_id,
        contact_id,
        member_status,
        member_status = 'holdout' as is_holdout,
        cast(added_at as timestamp) as added_at

    from source

)

select * from renamed
