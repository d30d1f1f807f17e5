with

source as (

    select * from {{ source('ads', 'raw_ads__clicks') }}

),

renamed as (

    select
        click_id,
        platform,
        channel,
        campaign_id,
        ad_id,
        cast(clicked_at as {{ dbt.type_timestamp() }}) as clicked_at,
        contact_id,
        gclid,
        fbclid,
        cast(cost_amount as {{ type_double() }}) as cost_amount,
        _partition_date as landed_on

    from source

)

select * from renamed
