with

source as (

    select * from {{ source('social', 'raw_social__post_insights') }}

),

renamed as (

    select
        {{ dbt.concat(["post_id", "'|'", dbt.safe_cast("fetched_at", dbt.type_string())]) }}
            as social_insight_id,
        post_id,
        post_key,
        account_id,
        platform,
        remote_post_id,
        campaign_id,
        cast(published_at as timestamp) as published_at,
        cast(fetched_at as timestamp) as fetched_at,
        cast(coalesce(impressions, 0) as {{ dbt.type_bigint() }}) as impressions,
        cast(coalesce(reactions, 0) as {{ dbt.type_bigint() }}) as reactions,
        cast(coalesce(comments, 0) as {{ dbt.type_bigint() }}) as comments,
        cast(coalesce(shares, 0) as {{ dbt.type_bigint() }}) as shares,
        cast(coalesce(link_clicks, 0) as {{ dbt.type_bigint() }}) as link_clicks,
        cast(coalesce(cost_amount, 0) as {{ type_double() }}) as cost_amount

    from source

)

select * from renamed
