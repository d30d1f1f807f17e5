with

source as (

    select * from {{ source('ads', 'raw_ads__spend') }}

),

renamed as (

    select
        {{ dbt.concat([
            "campaign_id", "':'", "platform", "':'", "channel", "':'",
            dbt.safe_cast("spend_date", dbt.type_string())
        ]) }} as ad_spend_id,
        cast(spend_date as date) as spend_date,
        platform,
        channel,
        campaign_id,
        cast(spend_amount as {{ type_double() }}) as spend_amount,
        upper(currency) as currency_code,
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks

    from source

)

select * from renamed
