{{ config(materialized='table') }}
-- One row per published post per account with its latest engagement snapshot (figures are
-- lifetime counts, so the latest pull is the post's figure; earlier pulls are history).
with ranked as (
    select
        *,
        row_number() over (partition by post_id order by fetched_at desc) as snapshot_rank,
        count(*) over (partition by post_id) as snapshots
    from {{ ref('stg_social__post_insights') }}
)

select
    cast(post_id as {{ dbt.type_string() }}) as post_id,
    cast(post_key as {{ dbt.type_string() }}) as post_key,
    cast(account_id as {{ dbt.type_string() }}) as account_id,
    cast(platform as {{ dbt.type_string() }}) as platform,
    cast(remote_post_id as {{ dbt.type_string() }}) as remote_post_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(published_at as timestamp) as published_at,
    cast(fetched_at as timestamp) as last_fetched_at,
    cast(impressions as bigint) as impressions,
    cast(reactions as bigint) as reactions,
    cast(comments as bigint) as comments,
    cast(shares as bigint) as shares,
    cast(link_clicks as bigint) as link_clicks,
    cast(reactions + comments + shares + link_clicks as bigint) as engagements,
    cast({{ safe_divide('reactions + comments + shares + link_clicks', 'impressions') }}
        as double precision) as engagement_rate,
    cast(cost_amount as double precision) as cost_amount,
    cast(snapshots as bigint) as snapshots
from ranked
where snapshot_rank = 1
